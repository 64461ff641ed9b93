import Drift
import Testing

@Suite struct PolicyDocumentTests {
    @Test func keyOrderWhitespaceAndListSpellingDoNotMatter() throws {
        let a = try #require(
            PolicyDocument(
                text:
                    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}"#
            ))
        let b = try #require(
            PolicyDocument(
                text: """
                    { "Statement": { "Resource": ["*"], "Action": ["s3:PutObject", "s3:GetObject"],
                                     "Principal": {"AWS": "*"}, "Effect": "Allow" },
                      "Version": "2012-10-17" }
                    """))
        #expect(a.isEquivalent(to: b))
    }

    @Test func differentGrantsAreNotEquivalent() throws {
        let a = try #require(
            PolicyDocument(
                text: #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#))
        let b = try #require(
            PolicyDocument(text: #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#))
        #expect(!a.isEquivalent(to: b))
    }

    @Test func textThatIsNotJSONGivesNoDocument() {
        #expect(PolicyDocument(text: "not json") == nil)
    }

    @Test func recognisesFullAccess() throws {
        let full = try #require(
            PolicyDocument(
                text: #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"*","Resource":["*"]}]}"#))
        let scoped = try #require(
            PolicyDocument(
                text:
                    #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"*","Resource":"*"}]}"#
            ))
        #expect(full.allowsEverything)
        #expect(!scoped.allowsEverything)
    }
}

extension PolicyDocumentTests {
    @Test func conditionValuesAndTheDefaultVersionAreNormalized() throws {
        let a = try #require(
            PolicyDocument(
                text:
                    #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}"#
            ))
        let b = try #require(
            PolicyDocument(
                text:
                    #"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-abc"]}}}]}"#
            ))
        let c = try #require(
            PolicyDocument(
                text:
                    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-abc"]}}}]}"#
            ))
        #expect(a.isEquivalent(to: b))
        #expect(!b.isEquivalent(to: c))
    }
}

/// PL008's notion of full access, and IAM's equivalent spellings in comparison.
extension PolicyDocumentTests {
    func document(_ statements: String) throws -> PolicyDocument {
        try #require(PolicyDocument(text: #"{"Version":"2012-10-17","Statement":\#(statements)}"#))
    }

    @Test(arguments: [
        #"[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]"#,
        #"[{"Effect":"Allow","Principal":{"AWS":["*","arn:aws:iam::111111111111:root"]},"Action":"*","Resource":"*"}]"#,
        #"[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["ec2:DescribeInstances","*"],"Resource":"*"}]"#,
        #"[{"Effect":"Allow","Principal":"*","Action":"*:*","Resource":["arn:aws:s3:::b","*"]}]"#,
        #"[{"Effect":"Allow","Principal":"*","Action":"ec2:Describe*","Resource":"*"},{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]"#,
        #"[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"ec2:DeleteVpc","Resource":"*"}]"#,
    ])
    func fullAccessInAnySpelling(_ statements: String) throws {
        #expect(try document(statements).allowsEverything, "\(statements)")
    }

    @Test(arguments: [
        #"[{"Effect":"Allow","Principal":"*","Action":"ec2:*","Resource":"*"}]"#,
        #"[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"*","Resource":"*"}]"#,
        #"[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"arn:aws:s3:::b/*"}]"#,
        #"[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]"#,
        #"[{"Effect":"Allow","Principal":"*","NotAction":"iam:*","Resource":"*"}]"#,
        #"[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"Action":"*","Resource":"*"}]"#,
        #"[{"Effect":"Allow","Principal":"*","Action":"*","NotResource":"arn:aws:s3:::b"}]"#,
        #"[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]"#,
    ])
    func narrowerThanFullAccess(_ statements: String) throws {
        #expect(try !document(statements).allowsEverything, "\(statements)")
    }

    @Test func theDeniedActionsAreNamed() throws {
        let policy = try document(
            #"[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":["ec2:DeleteVpc","ec2:CreateVpc"],"Resource":"*"}]"#
        )
        #expect(policy.deniedActions == ["ec2:CreateVpc", "ec2:DeleteVpc"])
    }

    @Test func conditionValuesCompareAsIAMComparesThem() throws {
        let boolean = try document(
            #"[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true}}}]"#
        )
        let text = try document(
            #"[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":["true"]}}}]"#
        )
        let other = try document(
            #"[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]"#
        )
        #expect(boolean.isEquivalent(to: text))
        #expect(!boolean.isEquivalent(to: other))
        let number = try document(
            #"[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":10}}}]"#
        )
        let numberText = try document(
            #"[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"10"}}}]"#
        )
        #expect(number.isEquivalent(to: numberText))
    }

    @Test func aSinglePrincipalEqualsAOneElementList() throws {
        let single = try document(
            #"[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"s3:GetObject","Resource":"*"}]"#)
        let listed = try document(
            #"[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::1:root"]},"Action":["s3:GetObject"],"Resource":["*"]}]"#
        )
        #expect(single.isEquivalent(to: listed))
    }
}
