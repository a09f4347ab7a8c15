package io.flinkalexnet.jobs.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WaitingImagesTest {

    @Test
    void batchIsDueWhenFullOrAtTheTimeoutAfterItsFirstImage() {
        WaitingImages waiting = new WaitingImages(3, 20);
        waiting.add(TestImages.image(0), 100);
        waiting.add(TestImages.image(1), 115);

        assertThat(waiting.deadline()).as("set by the first image only").isEqualTo(120);
        assertThat(waiting.isDue(119)).isFalse();
        assertThat(waiting.isDue(120)).isTrue();
        waiting.add(TestImages.image(2), 116);
        assertThat(waiting.isFull()).isTrue();
        assertThat(waiting.isDue(116)).isTrue();
    }

    @Test
    void cutsTheWaitingImagesIntoBatchesInArrivalOrderAndKeepsThemUntilCleared() {
        WaitingImages waiting = new WaitingImages(2, 20);
        waiting.restore(TestImages.images(0, 3));
        waiting.add(TestImages.image(3), 0);
        waiting.add(TestImages.image(4), 0);

        List<List<String>> batches = waiting.batches().stream()
                .map(batch -> batch.stream().map(image -> image.id).toList()).toList();
        assertThat(batches).containsExactly(TestImages.ids(0, 2), TestImages.ids(2, 2), TestImages.ids(4, 1));
        assertThat(waiting.toList()).hasSize(5);
        waiting.clear();
        assertThat(waiting.isEmpty()).isTrue();
    }

    @Test
    void restoredImagesAreDueWhenTheRestoreSays() {
        WaitingImages waiting = new WaitingImages(64, 20);
        waiting.restore(TestImages.images(0, 2));
        waiting.dueAt(500);

        assertThat(waiting.size()).isEqualTo(2);
        assertThat(waiting.deadlinePassed(499)).isFalse();
        assertThat(waiting.deadlinePassed(500)).isTrue();
    }
}
