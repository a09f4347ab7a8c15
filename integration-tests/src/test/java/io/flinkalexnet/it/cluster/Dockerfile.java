package io.flinkalexnet.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read as BuildKit reads it: continuation lines joined, comments dropped, {@code ARG} defaults
 * substituted into the instructions, and the {@code <name>.dockerignore} beside it applied to the build context.
 */
record Dockerfile(Path path, List<Instruction> instructions, Map<String, String> argumentDefaults) {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

    /** One instruction: its keyword in upper case and its arguments with the ARG defaults substituted. */
    record Instruction(String keyword, String arguments) {
        List<String> tokens() {
            return Arrays.asList(arguments.trim().split("\\s+"));
        }
    }

    /** A COPY or ADD: its {@code --from} stage (null for the build context), sources and destination. */
    record Copy(String fromStage, List<String> sources, String destination) {
    }

    static Dockerfile read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                logical.add(current.append(trimmed).toString());
                current.setLength(0);
            }
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        List<Instruction> instructions = new ArrayList<>();
        for (String line : logical) {
            String[] parts = line.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String arguments = parts.length > 1 ? parts[1] : "";
            if (keyword.equals("ARG") && arguments.contains("=")) {
                String[] argument = arguments.split("=", 2);
                defaults.put(argument[0].trim(), substitute(argument[1].trim(), defaults));
            }
            // RUN scripts see ARGs as shell variables, which the shell expands, not the Dockerfile.
            instructions.add(new Instruction(keyword, keyword.equals("RUN") ? arguments : substitute(arguments, defaults)));
        }
        return new Dockerfile(path, List.copyOf(instructions), Map.copyOf(defaults));
    }

    private static String substitute(String text, Map<String, String> defaults) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder substituted = new StringBuilder();
        while (matcher.find()) {
            String value = defaults.get(matcher.group(1));
            matcher.appendReplacement(substituted, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        return matcher.appendTail(substituted).toString();
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword)).toList();
    }

    /** Every COPY and ADD, in order. */
    List<Copy> copies() {
        List<Copy> copies = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (!instruction.keyword().equals("COPY") && !instruction.keyword().equals("ADD")) {
                continue;
            }
            String from = null;
            List<String> paths = new ArrayList<>();
            for (String token : instruction.tokens()) {
                if (token.startsWith("--from=")) {
                    from = token.substring("--from=".length());
                } else if (!token.startsWith("--")) {
                    paths.add(token);
                }
            }
            copies.add(new Copy(from, List.copyOf(paths.subList(0, paths.size() - 1)), paths.get(paths.size() - 1)));
        }
        return copies;
    }

    /** The COPYs that take files from the build context. */
    List<Copy> contextCopies() {
        return copies().stream().filter(copy -> copy.fromStage() == null).toList();
    }

    /** The image of each FROM, in order. */
    List<String> baseImages() {
        return all("FROM").stream().map(from -> from.tokens().get(0)).toList();
    }

    /** The names that FROM ... AS gives the stages. */
    List<String> stageNames() {
        return all("FROM").stream()
                .map(Instruction::tokens)
                .filter(tokens -> tokens.size() == 3 && tokens.get(1).equalsIgnoreCase("AS"))
                .map(tokens -> tokens.get(2))
                .toList();
    }

    /** The user of the final stage's last USER instruction, or null when the final stage sets none. */
    String finalUser() {
        String user = null;
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                user = null;
            } else if (instruction.keyword().equals("USER")) {
                user = instruction.arguments().trim();
            }
        }
        return user;
    }

    /**
     * Whether the Dockerfile's ignore file ({@code Dockerfile.dockerignore} beside it, which BuildKit prefers to the
     * context's {@code .dockerignore}) keeps {@code relativePath} in the build context. As in Docker, a pattern
     * matches a path or any folder above it, and the last matching pattern decides; {@code !} re-includes.
     */
    boolean sendsToBuildContext(String relativePath) {
        Path ignoreFile = path.resolveSibling(path.getFileName() + ".dockerignore");
        if (!Files.exists(ignoreFile)) {
            return true;
        }
        List<String> patterns;
        try {
            patterns = Files.readAllLines(ignoreFile).stream()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ignoreFile, e);
        }
        boolean included = true;
        for (String pattern : patterns) {
            boolean exception = pattern.startsWith("!");
            String glob = (exception ? pattern.substring(1) : pattern).replaceAll("/+$", "");
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            for (Path candidate = Path.of(relativePath); candidate != null; candidate = candidate.getParent()) {
                if (matcher.matches(candidate)) {
                    included = exception;
                    break;
                }
            }
        }
        return included;
    }
}
