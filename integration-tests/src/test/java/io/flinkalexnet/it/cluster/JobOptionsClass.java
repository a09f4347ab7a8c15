package io.flinkalexnet.it.cluster;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.SortedSet;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The options and configuration classes of a job, found from its entry class ({@code io.flinkalexnet.jobs.TrainingJob}
 * has {@code TrainingJobOptions} and {@code TrainingJobConfig}): the {@code OPTIONS}, the parser
 * {@code fromArgs(ReadableConfig, String[])} and the topics of a parsed configuration (its {@code ...Topic}
 * components). Deployment files are checked against them, so they stay in step with the one definition of each
 * job's options.
 */
record JobOptionsClass(String entryClass, Class<?> type, Class<?> config) {

    private static final String TOPIC_PREFIX = "alexnet.topic.";

    static JobOptionsClass of(String entryClass) {
        try {
            return new JobOptionsClass(entryClass, Class.forName(entryClass + "Options"),
                    Class.forName(entryClass + "Config"));
        } catch (ClassNotFoundException e) {
            throw new AssertionError("The job " + entryClass + " has no options class " + entryClass + "Options"
                    + " or configuration class " + entryClass + "Config; a deployment names a job that flink-jobs"
                    + " does not define.", e);
        }
    }

    /** Every option the job accepts. */
    @SuppressWarnings("unchecked")
    List<ConfigOption<?>> options() {
        try {
            return (List<ConfigOption<?>>) type.getField("OPTIONS").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " lacks the public static OPTIONS list.", e);
        }
    }

    /** The option with this key ({@code alexnet.topic.train}). */
    ConfigOption<?> option(String key) {
        return options().stream()
                .filter(option -> option.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new AssertionError(entryClass + " has no option " + key));
    }

    /** The default topic of every topic option that has one, by option key. */
    Map<String, String> defaultTopics() {
        Map<String, String> topics = new TreeMap<>();
        for (ConfigOption<?> option : options()) {
            if (option.key().startsWith(TOPIC_PREFIX) && option.hasDefaultValue()) {
                topics.put(option.key(), String.valueOf(option.defaultValue()));
            }
        }
        return topics;
    }

    /**
     * Parses the configuration and arguments as the job's {@code main} does; an option the job does not know or a
     * value it refuses fails with the job's own message.
     */
    Object parse(Map<String, String> configuration, List<String> args) {
        try {
            return config.getMethod("fromArgs", ReadableConfig.class, String[].class)
                    .invoke(null, Configuration.fromMap(configuration), args.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw new AssertionError(entryClass + " refuses its deployment's options: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(config.getName() + " lacks fromArgs(ReadableConfig, String[]).", e);
        }
    }

    /** The topics a parsed configuration names. */
    SortedSet<String> topics(Object parsed) {
        SortedSet<String> topics = new TreeSet<>();
        for (RecordComponent component : config.getRecordComponents()) {
            if (component.getType() == String.class && component.getName().endsWith("Topic")) {
                try {
                    Object topic = component.getAccessor().invoke(parsed);
                    if (topic != null) {
                        topics.add((String) topic);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Cannot read " + component, e);
                }
            }
        }
        return topics;
    }
}
