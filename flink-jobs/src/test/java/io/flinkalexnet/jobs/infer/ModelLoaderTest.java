package io.flinkalexnet.jobs.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkalexnet.model.data.CifarBinaryReader;
import io.flinkalexnet.model.infer.ChecksumFile;
import io.flinkalexnet.model.infer.InvalidArtifactException;
import io.flinkalexnet.model.infer.ModelArtifact;
import io.flinkalexnet.model.nn.Engines;
import io.flinkalexnet.model.nn.Variant;
import io.flinkalexnet.schemas.ModelUpdate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each reason the inference job refuses a model, named in the error, and the starting model's checks. */
class ModelLoaderTest {

    @TempDir
    static Path folder;

    private static ModelArtifact tenClasses;
    private static ModelArtifact fiveClasses;

    @BeforeAll
    static void writeModels() throws Exception {
        tenClasses = TestArtifacts.untrained(3, CifarBinaryReader.STANDARD_CLASS_NAMES, folder.resolve("ten"));
        fiveClasses = TestArtifacts.untrained(4, CifarBinaryReader.STANDARD_CLASS_NAMES.subList(0, 5),
                folder.resolve("five"));
    }

    @Test
    void loadsAnAnnouncedModelThatMatchesTheJob() throws Exception {
        try (ServingModel model = loader(Variant.CIFAR).load(TestArtifacts.announcement(tenClasses))) {
            assertThat(model.version()).isEqualTo(3);
            assertThat(model.classifier().numClasses()).isEqualTo(10);
        }
    }

    @Test
    void refusesAnArtifactWhoseChecksumDiffersFromTheAnnouncedOne() throws Exception {
        ModelUpdate update = TestArtifacts.announcement(tenClasses);
        update.setSha256("0".repeat(64));

        assertThatThrownBy(() -> loader(Variant.CIFAR).load(update))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageStartingWith("model version 3 (" + update.getArtifactUri() + ")")
                .hasMessageContaining("the file is incomplete or was modified");
    }

    @Test
    void refusesAModelWithAnotherClassCount() throws Exception {
        assertThatThrownBy(() -> loader(Variant.CIFAR).load(TestArtifacts.announcement(fiveClasses)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("has 5 classes, but this job serves 10");
    }

    @Test
    void refusesAModelOfAnotherVariantThanTheJobServes() throws Exception {
        assertThatThrownBy(() -> loader(Variant.SEED).load(TestArtifacts.announcement(tenClasses)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("is of variant 'cifar', but this job serves 'seed'")
                .hasMessageContaining("--model.variant cifar");
    }

    @Test
    void refusesAnAnnouncementOfAnotherArchitecture() throws Exception {
        ModelUpdate update = TestArtifacts.announcement(tenClasses);
        update.setArchitecture("resnet");

        assertThatThrownBy(() -> loader(Variant.CIFAR).load(update))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("announced as architecture 'resnet'");
    }

    @Test
    void refusesAnArtifactThatCannotBeRead() throws Exception {
        ModelUpdate update = TestArtifacts.announcement(tenClasses);
        update.setArtifactUri(folder.resolve("missing/model.zip").toUri().toString());

        assertThatThrownBy(() -> loader(Variant.CIFAR).load(update))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("cannot read model version 3")
                .hasMessageContaining("check that the artifact exists");
    }

    @Test
    void describesTheStartingModelSoThatARestoreLoadsTheSameFile() throws Exception {
        String uri = tenClasses.file().toUri().toString();
        try (ServingModel model = loader(Variant.CIFAR).loadInitial(uri)) {
            assertThat(model.update().getModelVersion()).isEqualTo(3);
            assertThat(model.update().getArtifactUri()).isEqualTo(uri);
            assertThat(model.update().getSha256()).isEqualTo(tenClasses.sha256());
        }
    }

    @Test
    void refusesAStartingModelThatDiffersFromTheChecksumBesideIt() throws Exception {
        Path copy = Files.createDirectories(folder.resolve("edited")).resolve(ModelArtifact.FILE_NAME);
        Files.copy(tenClasses.file(), copy);
        ChecksumFile.writeBeside(copy, "0".repeat(64));

        assertThatThrownBy(() -> loader(Variant.CIFAR).loadInitial(copy.toUri().toString()))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageStartingWith("the starting model " + copy.toUri());
    }

    private static ModelLoader loader(Variant variant) {
        ClassifierSettings settings = new ClassifierSettings(variant, CifarBinaryReader.STANDARD_CLASS_NAMES.size(),
                Engines.MXNET, "cpu", null, 4, 100, 3, 10, 0);
        return new ModelLoader(settings, "cpu", folder.resolve("local"));
    }
}
