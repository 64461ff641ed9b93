import Drift
import Testing

@Suite struct PolicyDocumentTests {
    @Test func keyOrderWhitespaceAndListSpellingDoNotMatter() throws {
        let a = try #require(PolicyDocument(text: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}"#))
        let b = try #require(PolicyDocument(text: """
            { "Statement": { "Resource": ["*"], "Action": ["s3:PutObject", "s3:GetObject"],
                             "Principal": {"AWS": "*"}, "Effect": "Allow" },
              "Version": "2012-10-17" }
            """))
        #expect(a.isEquivalent(to: b))
    }

    @Test func differentGrantsAreNotEquivalent() throws {
        let a = try #require(PolicyDocument(text: #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#))
        let b = try #require(PolicyDocument(text: #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#))
        #expect(!a.isEquivalent(to: b))
    }

    @Test func textThatIsNotJSONGivesNoDocument() {
        #expect(PolicyDocument(text: "not json") == nil)
    }

    @Test func recognisesFullAccess() throws {
        let full = try #require(PolicyDocument(text: #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"*","Resource":["*"]}]}"#))
        let scoped = try #require(PolicyDocument(text: #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"*","Resource":"*"}]}"#))
        #expect(full.allowsEverything)
        #expect(!scoped.allowsEverything)
    }
}

extension PolicyDocumentTests {
    @Test func conditionValuesAndTheDefaultVersionAreNormalized() throws {
        let a = try #require(PolicyDocument(text: #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}"#))
        let b = try #require(PolicyDocument(text: #"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-abc"]}}}]}"#))
        let c = try #require(PolicyDocument(text: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-abc"]}}}]}"#))
        #expect(a.isEquivalent(to: b))
        #expect(!b.isEquivalent(to: c))
    }
}
