package io.barcast.config;

/**
 * A mistake in the configuration or on the command line: names the key (or option), the value and what is
 * allowed. The command line reports it in one line and exits with code 2.
 */
public final class ConfigError extends IllegalArgumentException {

    private final String name;
    private final String value;
    private final String problem;

    /** {@code name = value problem}, e.g. {@code window.bars = -5 is out of range (>= 2)}. */
    public ConfigError(String name, String value, String problem) {
        super(name + " = " + value + " " + problem);
        this.name = name;
        this.value = value;
        this.problem = problem;
    }

    /** A mistake in the inputs named on the command line that is said in a sentence of its own (no single key). */
    public ConfigError(String message) {
        super(message);
        this.name = null;
        this.value = null;
        this.problem = message;
    }

    /** The key (or option) at fault; null for an error of the inputs. */
    public String name() {
        return name;
    }

    /** The value as the message shows it. */
    public String value() {
        return value;
    }

    /** What is wrong, e.g. {@code is out of range (>= 2)}. */
    public String problem() {
        return problem;
    }

    /**
     * The same error told of the option or environment variable {@code source} that set the key, e.g.
     * {@code --window = -5 is out of range (>= 2); --window sets window.bars}.
     */
    public ConfigError from(String source) {
        return new ConfigError(source, value, problem + "; " + source + " sets " + name);
    }

    /** The same error under another name, e.g. {@code BARCAST_WINDOW_BARS (window.bars)}. */
    public ConfigError renamed(String newName) {
        return new ConfigError(newName, value, problem);
    }
}
