package io.flinkalexnet.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkalexnet.jobs.config.JobConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's option tables are the jobs' own: every option with its default and meaning, as the code has them. */
class ReadmeOptionsTest {

    private static String readme() throws Exception {
        return Files.readString(Path.of("..", "README.md"));
    }

    @Test
    void documentsEveryTrainingJobOption() throws Exception {
        assertThat(readme()).as("README.md must embed JobConfiguration.markdownTable(TrainingJobOptions.OPTIONS)")
                .contains(JobConfiguration.markdownTable(TrainingJobOptions.OPTIONS));
    }

    @Test
    void documentsEveryInferenceJobOption() throws Exception {
        assertThat(readme()).as("README.md must embed JobConfiguration.markdownTable(InferenceJobOptions.OPTIONS)")
                .contains(JobConfiguration.markdownTable(InferenceJobOptions.OPTIONS));
    }
}
