package io.flinkalexnet.model.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void mix64MatchesSplitMix64ReferenceOutput() {
        // SplitMix64 seeded with 0 outputs mix64(0x9E3779B97F4A7C15) first: 0xE220A8397B1DCDAF (Vigna's reference).
        assertThat(Seeds.mix64(0x9E3779B97F4A7C15L)).isEqualTo(0xE220A8397B1DCDAFL);
        assertThat(Seeds.mix64(0x9E3779B97F4A7C15L)).isEqualTo(new SplittableRandom(0L).nextLong());
    }

    @Test
    void combineGivesDistinctResultsForDistinctValues() {
        Set<Long> results = new HashSet<>();
        for (long value = 0; value < 10_000; value++) {
            results.add(Seeds.combine(12345L, value));
        }
        assertThat(results).hasSize(10_000);
    }

    @Test
    void hashDependsOnEveryCharacter() {
        assertThat(Seeds.hash("cifar10/data_batch_1/000001")).isNotEqualTo(Seeds.hash("cifar10/data_batch_1/000002"));
        assertThat(Seeds.hash("é")).isEqualTo(Seeds.hash(new String("é".toCharArray())));
    }
}
