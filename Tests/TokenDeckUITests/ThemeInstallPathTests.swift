import Testing
import TokenDeckUI

/// `make install` puts the binary in PREFIX/bin and the themes in PREFIX/share/tokendeck/themes:
/// the search path must reach them from the binary, ahead of any package `Themes/` guess.
@Suite("theme search from an installed binary")
struct ThemeInstallPathTests {
    @Test(arguments: ["/usr/local", "/opt/tokendeck", "/home/u/.local"])
    func theInstalledShareDirectoryComesRightAfterThePersonalOne(prefix: String) {
        let paths = ThemeLoader.defaultSearchPaths(executablePath: prefix + "/bin/tokendeck", environment: ["HOME": "/home/u"])
        #expect(paths.first == "/home/u/.local/share/tokendeck/themes")
        let installed = paths.firstIndex(of: prefix + "/share/tokendeck/themes")
        #expect(installed != nil)
        // Ahead of the ../../Themes guesses made for a binary inside a package's .build.
        let firstPackageGuess = paths.firstIndex { $0.hasSuffix("/Themes") }
        if let installed, let firstPackageGuess { #expect(installed < firstPackageGuess) }
        #expect(paths.contains("/usr/local/share/tokendeck/themes"))
        #expect(Set(paths).count == paths.count)
    }

    @Test func aRelativeInvocationIsMadeAbsolute() {
        let paths = ThemeLoader.defaultSearchPaths(executablePath: "/opt/td/bin/../bin/tokendeck", environment: [:])
        #expect(paths.first == "/opt/td/share/tokendeck/themes")
    }
}
