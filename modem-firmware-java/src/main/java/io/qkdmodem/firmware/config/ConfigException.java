package io.qkdmodem.firmware.config;

import java.util.List;

/** A configuration file has mistakes: one line each, in file order. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0) : problems.size() + " configuration problems");
        this.problems = List.copyOf(problems);
    }

    /** One line per mistake. */
    public List<String> problems() {
        return problems;
    }
}
