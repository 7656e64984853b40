import Foundation

/// The one place that maps each vendor to the code that speaks its API.
public enum Adapters {
    public static let provisionr = ProvisionrAdapter()
    public static let prefactor = PrefactorAdapter()
    public static let metokens = MeTokensAdapter()
    public static let truefoundry = TrueFoundryAdapter()

    public static func adapter(for vendor: Vendor) -> any VendorAdapter {
        switch vendor {
        case .provisionr: provisionr
        case .prefactor: prefactor
        case .metokens: metokens
        case .truefoundry: truefoundry
        }
    }
}
