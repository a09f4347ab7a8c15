package io.flinkalexnet.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfiles checked against the build, since no Docker engine builds them here: what they copy, where it goes,
 * the user they run as and the versions they build on.
 */
class DockerfilesTest {

    static final Path JOB_IMAGE = YamlFiles.repository().resolve("docker/Dockerfile");
    static final Path CUDA_IMAGE = YamlFiles.repository().resolve("docker/Dockerfile.cuda");

    /** Where the job image puts the job jar; the manifests and the compose file run it from there. */
    static String jobJarInImage() {
        return Dockerfile.read(JOB_IMAGE).contextCopies().stream()
                .filter(copy -> copy.sources().get(0).endsWith("-job.jar"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("docker/Dockerfile copies no job jar"))
                .destination();
    }

    @Test
    void everyFileTheDockerfilesCopyFromTheContextIsOneMavenBuilds() {
        for (Path path : List.of(JOB_IMAGE, CUDA_IMAGE)) {
            for (Dockerfile.Copy copy : Dockerfile.read(path).contextCopies()) {
                for (String source : copy.sources()) {
                    Path file = YamlFiles.repository().resolve(source);
                    assertThat(file).as("%s copies %s", path.getFileName(), source).exists();
                    assertThat(source).as("%s copies %s, which is not build output", path.getFileName(), source)
                            .matches("[a-z-]+/target/.+");
                }
            }
        }
    }

    @Test
    void ignoreFilesSendEveryCopiedFileToTheBuildContext() throws IOException {
        for (Path path : List.of(JOB_IMAGE, CUDA_IMAGE)) {
            Dockerfile dockerfile = Dockerfile.read(path);
            for (Dockerfile.Copy copy : dockerfile.contextCopies()) {
                for (String source : copy.sources()) {
                    for (String file : filesUnder(source)) {
                        assertThat(dockerfile.sendsToBuildContext(file))
                                .as("%s.dockerignore lets %s through", path.getFileName(), file).isTrue();
                    }
                }
            }
            assertThat(dockerfile.sendsToBuildContext("model-core/target/classes/Foo.class"))
                    .as("%s.dockerignore keeps the rest of the repository out", path.getFileName()).isFalse();
        }
    }

    @Test
    void jobImageCopiesTheJobJarMavenBuildsForThisVersion() {
        List<String> jobJars = Dockerfile.read(JOB_IMAGE).contextCopies().stream()
                .flatMap(copy -> copy.sources().stream())
                .filter(source -> source.endsWith("-job.jar"))
                .toList();

        assertThat(jobJars).hasSize(1);
        assertThat(YamlFiles.repository().resolve(jobJars.get(0)))
                .isEqualTo(Path.of(System.getProperty("flink.jobs.jar")).toAbsolutePath().normalize());
        assertThat(jobJarInImage()).startsWith("/opt/flink/usrlib/");
    }

    @Test
    void jobImagePutsTheDjlJarsInTheClusterLibFolder() {
        assertThat(Dockerfile.read(JOB_IMAGE).contextCopies())
                .anySatisfy(copy -> {
                    assertThat(YamlFiles.repository().resolve(copy.sources().get(0)))
                            .isEqualTo(Path.of(System.getProperty("flink.jobs.lib")).toAbsolutePath().normalize());
                    assertThat(copy.destination()).isEqualTo("/opt/flink/lib/");
                });
    }

    @Test
    void imagesRunAsTheNonRootFlinkUser() {
        assertThat(Dockerfile.read(JOB_IMAGE).finalUser()).isEqualTo("flink");
        assertThat(Dockerfile.read(CUDA_IMAGE).finalUser()).as("the CUDA image keeps the job image's user").isNull();
    }

    @Test
    void cudaImageAddsOnlyWhatItsBuildStageDownloaded() {
        Dockerfile cuda = Dockerfile.read(CUDA_IMAGE);

        assertThat(cuda.baseImages()).last().isEqualTo(cuda.argumentDefaults().get("JOB_IMAGE"));
        assertThat(cuda.copies()).isNotEmpty()
                .allSatisfy(copy -> assertThat(copy.fromStage()).isIn(cuda.stageNames()));
    }

    @Test
    void jobImageBuildsOnTheOfficialImageOfTheFlinkVersionTheJobsUse() {
        assertThat(Dockerfile.read(JOB_IMAGE).baseImages())
                .containsExactly("flink:" + EnvironmentInformation.getVersion() + "-scala_2.12-java17");
    }

    @Test
    void cudaImageTakesThePyTorchVersionAndFlavorWhoseJniLibraryShipsInLib() throws IOException {
        Dockerfile cuda = Dockerfile.read(CUDA_IMAGE);
        String version = cuda.argumentDefaults().get("PYTORCH_VERSION");
        String flavor = cuda.argumentDefaults().get("PYTORCH_FLAVOR");
        Path lib = Path.of(System.getProperty("flink.jobs.lib"));

        assertThat(lib.resolve("pytorch-native-cpu-" + version + "-linux-x86_64.jar"))
                .as("the CPU natives in lib/ are the same PyTorch version").exists();
        Path jni;
        try (Stream<Path> jars = Files.list(lib)) {
            jni = jars.filter(jar -> jar.getFileName().toString().startsWith("pytorch-jni-" + version + "-"))
                    .findFirst().orElseThrow(() -> new AssertionError("no pytorch-jni " + version + " jar in " + lib));
        }
        try (JarFile jar = new JarFile(jni.toFile())) {
            assertThat(jar.getEntry("jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so"))
                    .as("%s holds the JNI library for %s", jni.getFileName(), flavor).isNotNull();
        }
    }

    /** The files a COPY source names: the file itself, or every file under a folder. */
    private static List<String> filesUnder(String source) throws IOException {
        Path path = YamlFiles.repository().resolve(source);
        if (!Files.isDirectory(path)) {
            return List.of(source);
        }
        try (Stream<Path> files = Files.walk(path)) {
            List<String> found = files.filter(Files::isRegularFile)
                    .map(file -> YamlFiles.repository().relativize(file).toString())
                    .toList();
            assertThat(found).as("%s holds files", source).isNotEmpty();
            return found;
        }
    }
}
