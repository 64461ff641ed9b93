/// The contract's exit codes.
enum ExitStatus {
    /// Drift was asked for and verified nothing: none of the declared resources could be compared.
    static let nothingVerified: Int32 = 4

    /// The worse of two exit codes, as `plinv run` reports it
    /// (1 error > 3 partial collection > 4 drift verified nothing > 2 findings > 0).
    static func worst(_ a: Int32, _ b: Int32) -> Int32 {
        func rank(_ code: Int32) -> Int {
            switch code {
            case 0: 0
            case 2: 1
            case 4: 2
            case 3: 3
            default: 4
            }
        }
        return rank(a) >= rank(b) ? a : b
    }
}
