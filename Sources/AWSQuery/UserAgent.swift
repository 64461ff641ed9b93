/// The `User-Agent` every request plinv sends carries, so that CloudTrail's `userAgent` field attributes the calls
/// to plinv and its version (`CurlTransport` sets it on every transfer).
public enum UserAgent {
    /// plinv's version, as `plinv --version` prints it.
    public static let version = "0.2.0"
    /// `plinv/<version>`.
    public static let header = "plinv/\(version)"
}
