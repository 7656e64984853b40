import ArgumentParser

// Placeholder until this command is implemented.
struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Not built yet.")
    @OptionGroup var common: CommonOptions
    func run() async throws { printError("'create' is not built yet"); throw ExitStatus.usage }
}
