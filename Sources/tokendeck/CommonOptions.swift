import ArgumentParser

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (default: $XDG_CONFIG_HOME/tokendeck/config.toml).")
    var config: String?

    @Option(name: .long, help: "Theme name (see `tokendeck themes`) or path to a theme file.")
    var theme: String?

    @Option(name: .long, help: "Cache database (default: $XDG_CACHE_HOME/tokendeck/cache.sqlite).")
    var cache: String?
}
