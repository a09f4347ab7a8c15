package io.flinkalexnet.model.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name value} arguments of the harnesses, checked against their defaults. */
final class Arguments {

    private Arguments() {}

    static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!defaults.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete argument '" + args[i] + "'; accepted: "
                        + defaults.keySet().stream().map(key -> "--" + key + " (default '" + defaults.get(key) + "')")
                                .toList());
            }
            values.put(name, args[++i]);
        }
        return values;
    }
}
