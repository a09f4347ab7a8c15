package io.flinkalexnet.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** Where the trainer runs in the job graph: chained behind one input subtask, keyed behind several. */
class TrainingJobGraphTest {

    @Test
    void behindOneInputSubtaskTheTrainerRunsInTheSourcesChain() throws Exception {
        List<String> vertices = vertexNames(1);
        assertThat(vertices).filteredOn(name -> name.contains("trainer"))
                .singleElement().asString().contains("Source: training-images", "augment");
    }

    @Test
    void behindSeveralInputSubtasksTheImagesAreKeyedToTheTrainer() throws Exception {
        List<String> vertices = vertexNames(2);
        assertThat(vertices).filteredOn(name -> name.contains("trainer"))
                .singleElement().asString().startsWith("trainer").doesNotContain("Source");
    }

    private static List<String> vertexNames(int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(parallelism);
        TrainingJobConfig config = TrainingJobConfig.from(TrainingJobConfigTest.required());
        TrainingJob.configure(env, config);
        TrainingJob.build(env, config);
        Iterable<JobVertex> graph = env.getStreamGraph().getJobGraph().getVertices();
        return StreamSupport.stream(graph.spliterator(), false).map(JobVertex::getName).toList();
    }
}
