import ArgumentParser
import Foundation
import TokenDeckCore
import TokenDeckSync

/// `tokendeck list --export PATH`: the listed tokens, with hygiene flags, written atomically to a
/// .csv or .json file instead of printed.
extension ListCommand {
    /// The format `--export`'s extension names, or a usage error.
    static func exportFormat(_ path: String) throws -> TokenExport.Format {
        guard !path.isEmpty, !path.hasSuffix("/") else {
            throw ValidationError("--export: '\(path)' is not a file name; give one ending in .csv or .json")
        }
        guard let format = TokenExport.Format(path: path) else {
            throw ValidationError("--export: '\(path)' must end in .csv or .json (the extension chooses the format)")
        }
        return format
    }

    /// Writes the file and says so on stderr; a file that cannot be written is exit 1.
    func export(_ tokens: [Token], to path: String, now: Date) throws {
        do {
            let count = try TokenExport.write(tokens, format: Self.exportFormat(path), to: path, now: now)
            Output.note("exported \(count) token\(count == 1 ? "" : "s") to \(path)")
        } catch let error as ExportError {
            printError(error.description)
            throw ExitStatus.vendorError
        }
    }
}
