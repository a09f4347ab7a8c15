package io.flinkalexnet.jobs.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Reads a job's options from the Flink configuration ({@code config.yaml} or {@code -D}) overlaid
 * with command-line arguments ({@code --key value}), checks them, and describes them; every key
 * lives under {@link AlexnetOptions#PREFIX}, which the command line may leave out.
 */
public final class JobConfiguration {

    private JobConfiguration() {}

    /** The merged configuration; the command line wins. */
    public static Configuration merge(ReadableConfig flinkConfiguration, String[] args) {
        Configuration merged = new Configuration();
        if (flinkConfiguration instanceof Configuration configuration) {
            merged.addAll(configuration);
        }
        for (Map.Entry<String, String> entry : ParameterTool.fromArgs(args).toMap().entrySet()) {
            String key = entry.getKey().startsWith(AlexnetOptions.PREFIX)
                    ? entry.getKey() : AlexnetOptions.PREFIX + entry.getKey();
            merged.setString(key, entry.getValue());
        }
        return merged;
    }

    /**
     * The command line ({@code --key value}, sorted by key) that {@link #merge} reads back as {@code configuration},
     * for where a job is started by its arguments (a REST submission, the launcher's {@code infer}).
     */
    public static List<String> toArgs(Configuration configuration) {
        List<String> args = new ArrayList<>();
        new TreeMap<>(configuration.toMap()).forEach((key, value) -> {
            if (!key.startsWith(AlexnetOptions.PREFIX)) {
                throw new IllegalArgumentException(key + " is not a job option (" + AlexnetOptions.PREFIX
                        + "*): set it in the Flink configuration instead of the job's arguments");
            }
            args.add("--" + key.substring(AlexnetOptions.PREFIX.length()));
            args.add(value);
        });
        return args;
    }

    /** How the option is named on the command line: {@code --train.batch-size}. */
    public static String argument(ConfigOption<?> option) {
        return "--" + option.key().substring(AlexnetOptions.PREFIX.length());
    }

    /** Fails naming every {@code alexnet.} key that is not one of {@code known} (typos otherwise pass silently). */
    public static void rejectUnknownKeys(Configuration configuration, List<ConfigOption<?>> known, String... prefixes) {
        List<String> unknown = new ArrayList<>();
        for (String key : configuration.keySet()) {
            if (!key.startsWith(AlexnetOptions.PREFIX)) {
                continue;
            }
            boolean matches = known.stream().anyMatch(option -> option.key().equals(key));
            for (String prefix : prefixes) {
                matches |= key.startsWith(prefix);
            }
            if (!matches) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown + "; valid options:\n" + describe(known));
        }
    }

    /** The value of a required option, or an error naming the option and what it is for. */
    public static <T> T required(ReadableConfig configuration, ConfigOption<T> option) {
        return configuration.getOptional(option).orElseThrow(() -> new IllegalArgumentException(
                "missing required option " + argument(option) + " (" + text(option) + ")"));
    }

    /** The value of an integer option that must be positive, or an error naming the option and the value. */
    public static int positive(ReadableConfig configuration, ConfigOption<Integer> option) {
        int value = configuration.get(option);
        if (value <= 0) {
            throw new IllegalArgumentException(argument(option) + " must be > 0, got " + value);
        }
        return value;
    }

    /**
     * Exactly-once checkpoints every {@code interval} unless the cluster configures an interval, and
     * snapshot compression, which also avoids Flink's byte-at-a-time restore of large state entries.
     */
    public static void configureCheckpointing(StreamExecutionEnvironment env, Duration interval) {
        Configuration checkpointing = new Configuration();
        if (env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).isEmpty()) {
            checkpointing.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        }
        checkpointing.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        env.configure(checkpointing);
        env.getConfig().setUseSnapshotCompression(true);
    }

    /** Prints the options of {@code job} when the arguments ask for {@code --help}, and says whether they did. */
    public static boolean printedHelp(String[] args, String job, List<ConfigOption<?>> options) {
        if (!Arrays.asList(args).contains("--help")) {
            return false;
        }
        System.out.println("Options of flink-alexnet's " + job + " job (--key value, or alexnet.key in the Flink"
                + " configuration):\n" + describe(options));
        return true;
    }

    /** One line per option: key, default and description, sorted by key; for --help and the README. */
    public static String describe(List<ConfigOption<?>> options) {
        StringBuilder text = new StringBuilder();
        options.stream().sorted(Comparator.comparing(ConfigOption::key)).forEach(option -> text
                .append("  ").append(argument(option))
                .append(" (default: ").append(defaultText(option)).append(")\n      ")
                .append(text(option)).append('\n'));
        return text.toString();
    }

    /** A Markdown table of the options (key, default, meaning), sorted by key; the README embeds it. */
    public static String markdownTable(List<ConfigOption<?>> options) {
        StringBuilder table = new StringBuilder("| Option | Default | Meaning |\n|---|---|---|\n");
        options.stream().sorted(Comparator.comparing(ConfigOption::key)).forEach(option -> table
                .append("| `").append(option.key().substring(AlexnetOptions.PREFIX.length())).append("` | ")
                .append(option.hasDefaultValue() ? "`" + defaultText(option) + "`" : "required or unset")
                .append(" | ").append(text(option).replace("|", "\\|")).append(" |\n"));
        return table.toString();
    }

    /** The option's description as plain text. */
    public static String text(ConfigOption<?> option) {
        return new HtmlFormatter().format(option.description())
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    /** The default as a user would type it. */
    public static String defaultText(ConfigOption<?> option) {
        if (!option.hasDefaultValue()) {
            return "none";
        }
        Object value = option.defaultValue();
        if (value instanceof Duration duration) {
            return duration.toSeconds() > 0 && duration.toMillis() % 1000 == 0
                    ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
        }
        return value instanceof Enum<?> ? value.toString().toLowerCase(java.util.Locale.ROOT) : String.valueOf(value);
    }
}
