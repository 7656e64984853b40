import ArgumentParser

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (default: $XDG_CONFIG_HOME/tokendeck/config.toml).")
    var config: String?

    @Option(name: .long, help: "Theme name (see `tokendeck themes`) or path to a theme file.")
    var theme: String?

    @Option(name: .long, help: "Cache database (default: $XDG_CACHE_HOME/tokendeck/cache.sqlite).")
    var cache: String?

    @Option(name: .customLong("log-level"), help: ArgumentHelp(
        "Log level: trace, debug, info, notice, warning, error or critical (default: $TOKENDECK_LOG_LEVEL, else warning).",
        discussion: "The log goes to $XDG_STATE_HOME/tokendeck/tokendeck.log (~/.local/state/tokendeck/tokendeck.log), never to the screen.",
        valueName: "level"))
    var logLevel: LogLevelOption?

    @Flag(name: .customLong("read-only"), help: "Browse only: creating tokens is disabled (as `read_only = true` in the config).")
    var readOnly = false
}
