import ArgumentParser

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (default: $XDG_CONFIG_HOME/tokendeck/config.toml).",
            completion: .file(extensions: ["toml"]))
    var config: String?

    @Option(name: .long, help: "Theme name (see `tokendeck themes`) or path to a theme file.")
    var theme: String?

    @Option(name: .long, help: "Cache database (default: $XDG_CACHE_HOME/tokendeck/cache.sqlite).", completion: .file())
    var cache: String?

    @Option(name: .customLong("log-level"), help: ArgumentHelp(
        "Log level: trace, debug, info, notice, warning, error or critical (default: $TOKENDECK_LOG_LEVEL, else warning).",
        discussion: "The log goes to $XDG_STATE_HOME/tokendeck/tokendeck.log (~/.local/state/tokendeck/tokendeck.log), never to the screen.",
        valueName: "level"))
    var logLevel: LogLevelOption?

    /// On every command that reads the config, so `alias tokendeck='tokendeck --read-only'` works
    /// everywhere; only `create` (refuses, exit 2) and the dashboard (hides creation) act on it.
    @Flag(name: .customLong("read-only"), help: ArgumentHelp(
        "Browse only: the dashboard hides creation and `create` refuses (as `read_only = true` in the config).",
        discussion: "Accepted by every command that reads the config, so a shell alias can always pass it."))
    var readOnly = false
}
