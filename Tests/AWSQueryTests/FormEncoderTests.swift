import Testing

@testable import AWSQuery

@Suite struct FormEncoderTests {
    @Test(arguments: [
        ("AZaz09-._~", "AZaz09-._~"),
        ("tok==", "tok%3D%3D"),
        ("10.9.0.0/16", "10.9.0.0%2F16"),
        ("a b+c&d", "a%20b%2Bc%26d"),
        ("\t\n", "%09%0A"),
        ("café", "caf%C3%A9"),
        ("🚀", "%F0%9F%9A%80"),
        ("*'()!", "%2A%27%28%29%21"),
        ("", ""),
    ])
    func percentEncodesEverythingOutsideTheUnreservedSet(input: String, expected: String) {
        #expect(FormEncoder.percentEncode(input) == expected)
    }

    @Test func keepsParameterOrderAndEncodesNames() {
        let body = FormEncoder.encode([
            ("Action", "DescribeVpcs"), ("Filter.1.Value.1", "x y"), ("Version", "2016-11-15"),
        ])
        #expect(body == "Action=DescribeVpcs&Filter.1.Value.1=x+y&Version=2016-11-15")
    }

    @Test func writesASpaceAsPlusInFormBodiesOnly() {
        #expect(FormEncoder.formEncode("a b+c") == "a+b%2Bc")
        #expect(FormEncoder.percentEncode("a b") == "a%20b")
    }
}
