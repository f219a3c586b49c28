package dev.atelier.style.settings;

/** The ways a user reaches a run's settings; a {@link Setting} says which of them offer it. */
public enum FrontEnd {
    /**
     * {@code atelier stylize} and {@code atelier harmonize} (and, for the few settings its loss uses,
     * {@code atelier style-net train}): options named {@code --} + the key in kebab case.
     */
    CLI,
    /** The studio's page and JSON API: fields named by the key in camel case, shown with the setting's label. */
    STUDIO,
    /** Spark's manifest columns, {@code --set KEY=VALUE} and {@code --grid}: named by the key itself. */
    SPARK;

    /** How this front end names the setting {@code key}: {@code --max-evals}, {@code maxEvals}, {@code max_evals}. */
    public String nameOf(String key) {
        return switch (this) {
            case CLI -> "--" + key.replace('_', '-');
            case STUDIO -> camelCase(key);
            case SPARK -> key;
        };
    }

    /** {@code max_evals} as {@code maxEvals}. */
    private static String camelCase(String key) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }
}
