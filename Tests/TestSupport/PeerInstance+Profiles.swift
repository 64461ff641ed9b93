import Foundation

extension PeerInstance {
    /// Writes an AWS config and credentials file into `directory`, one profile per entry of `profiles`
    /// (profile name → account id), each assuming `arn:aws:iam::<account>:role/plinv-test` from a `base` profile
    /// with dummy static keys, with `endpoint_url` and `region` pointing at this peer. Returns a complete, isolated
    /// environment that uses those files (and no key variables), for `plinv --profile NAME` or `aws --profile NAME`.
    public func profilesEnvironment(
        _ profiles: [String: String], region: String = "us-east-1", in directory: TemporaryDirectory
    ) throws -> [String: String] {
        var config = "[profile base]\nregion = \(region)\nendpoint_url = \(url.absoluteString)\n"
        for (name, account) in profiles.sorted(by: { $0.key < $1.key }) {
            config += """

                [profile \(name)]
                role_arn = arn:aws:iam::\(account):role/plinv-test
                source_profile = base
                role_session_name = plinv-test
                region = \(region)
                endpoint_url = \(url.absoluteString)

                """
        }
        let credentials = "[base]\naws_access_key_id = testing\naws_secret_access_key = testing\n"
        let configFile = try directory.write(config, to: "aws/config")
        let credentialsFile = try directory.write(credentials, to: "aws/credentials")
        return ProcessEnvironment.isolated([
            "AWS_CONFIG_FILE": configFile.path,
            "AWS_SHARED_CREDENTIALS_FILE": credentialsFile.path,
        ])
    }
}
