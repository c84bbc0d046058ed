package io.sparsight.pipelines.cli;

/** A {@code HOST:PORT} option value, such as a session cluster's REST address. */
record HostPort(String host, int port) {

    /** The address, or null when {@code text} is not HOST:PORT with a port number. */
    static HostPort parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(":");
        if (parts.length != 2 || parts[0].isBlank() || !parts[1].matches("\\d{1,5}")) {
            return null;
        }
        int port = Integer.parseInt(parts[1]);
        return port > 0 && port < 65536 ? new HostPort(parts[0], port) : null;
    }
}
