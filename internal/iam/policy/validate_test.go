package policy

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDocumentJSON(t *testing.T) {
	d := NewDocument(Statement{
		Sid: "A", Effect: Allow, Action: []string{"sqs:SendMessage"},
		Resource:  []string{"arn:aws:sqs:us-east-1:123456789012:q<1>"},
		Condition: Condition{}.With("StringEquals", "b", "2").With("ArnLike", "a", "1"),
	})
	got, err := d.JSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "A",
      "Effect": "Allow",
      "Action": [
        "sqs:SendMessage"
      ],
      "Resource": [
        "arn:aws:sqs:us-east-1:123456789012:q<1>"
      ],
      "Condition": {
        "ArnLike": {
          "a": [
            "1"
          ]
        },
        "StringEquals": {
          "b": [
            "2"
          ]
        }
      }
    }
  ]
}
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
}

func TestMerge(t *testing.T) {
	env := EnvFor("us-east-1", "123456789012")
	queue := env.QueueARN("q")
	fromS3 := AllowStatement("S3BucketB", []string{"sqs:SendMessage"}, queue)
	fromS3.Principal = ServicePrincipal("s3.amazonaws.com")
	fromS3.Condition = Condition{}.With("ArnLike", "aws:SourceArn", env.BucketARN("b")).With("StringEquals", "aws:SourceAccount", env.AccountID)
	fromSNS := AllowStatement("SNSTopicT", []string{"sqs:SendMessage"}, queue)
	fromSNS.Principal = ServicePrincipal("sns.amazonaws.com")
	fromSNS.Condition = Condition{}.With("ArnEquals", "aws:SourceArn", env.TopicARN("t"))
	m, err := Merge(NewDocument(fromS3), NewDocument(fromSNS))
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{m.Statement[0].Sid, m.Statement[1].Sid}; !cmp.Equal(got, []string{"S3BucketB", "SNSTopicT"}) {
		t.Errorf("merged sids = %v", got)
	}
	if err := Validate(env, m); err != nil {
		t.Errorf("merged policy invalid: %v", err)
	}
	if _, err := Merge(NewDocument(fromS3), NewDocument(fromS3)); err == nil || !strings.Contains(err.Error(), "duplicate statement id") {
		t.Errorf("Merge of duplicates = %v, want duplicate statement id error", err)
	}
}

func TestValidateRejects(t *testing.T) {
	env := EnvFor("us-east-1", "123456789012")
	queue := env.QueueARN("q")
	ok := func() Statement { return AllowStatement("Ok", []string{"sqs:SendMessage"}, queue) }
	with := func(f func(*Statement)) Document { s := ok(); f(&s); return NewDocument(s) }
	tests := []struct {
		name string
		doc  Document
		want string
	}{
		{"version", Document{Version: "2008-10-17", Statement: []Statement{ok()}}, "version"},
		{"empty", NewDocument(), "no statements"},
		{"sid", with(func(s *Statement) { s.Sid = "has-dash" }), "alphanumeric"},
		{"dup sid", NewDocument(ok(), ok()), "duplicate sid"},
		{"effect", with(func(s *Statement) { s.Effect = "allow" }), "effect"},
		{"no actions", with(func(s *Statement) { s.Action = nil }), "no actions"},
		{"wildcard action", with(func(s *Statement) { s.Action = []string{"s3:*"} }), "wildcards are not allowed"},
		{"prefix wildcard", with(func(s *Statement) { s.Action = []string{"kinesis:Get*"} }), "wildcards are not allowed"},
		{"unsorted", with(func(s *Statement) { s.Action = []string{"sqs:SendMessage", "sqs:DeleteMessage"} }), "not sorted"},
		{"no resources", with(func(s *Statement) { s.Resource = nil }), "no resources"},
		{"star resource", with(func(s *Statement) { s.Resource = []string{"*"} }), `resource "*"`},
		{"star with listed and unlisted", with(func(s *Statement) {
			s.Action = []string{"kinesis:ListStreams", "kinesis:PutRecord"}
			s.Resource = []string{"*"}
		}), `resource "*"`},
		{"no-resource-type action on an ARN", with(func(s *Statement) {
			s.Action = []string{"dynamodb:DescribeStream", "dynamodb:ListStreams"}
			s.Resource = []string{env.TableStreamsARN("t")}
		}), "never matches"},
		{"star kms without principal", with(func(s *Statement) {
			s.Action = []string{"kms:Decrypt"}
			s.Resource = []string{"*"}
		}), `resource "*"`},
		{"not an arn", with(func(s *Statement) { s.Resource = []string{"my-queue"} }), "not an ARN"},
		{"wrong partition", with(func(s *Statement) { s.Resource = []string{"arn:aws-cn:sqs:cn-north-1:123456789012:q"} }), "partition"},
		{"trust with resource", with(func(s *Statement) {
			s.Action = []string{"sts:AssumeRole"}
			s.Principal = ServicePrincipal("lambda.amazonaws.com")
		}), "must not have resources"},
		{"trust without principal", with(func(s *Statement) {
			s.Action = []string{"sts:AssumeRole"}
			s.Resource = nil
		}), "without a principal"},
		{"unknown service", with(func(s *Statement) { s.Principal = ServicePrincipal("ec2.amazonaws.com") }), "no confused-deputy rule"},
		{"s3 without account", with(func(s *Statement) {
			s.Principal = ServicePrincipal("s3.amazonaws.com")
			s.Condition = Condition{}.With("ArnLike", "aws:SourceArn", env.BucketARN("b"))
		}), "aws:SourceAccount"},
		{"iot without arn", with(func(s *Statement) {
			s.Principal = ServicePrincipal("iot.amazonaws.com")
			s.Condition = Condition{}.With("StringEquals", "aws:SourceAccount", env.AccountID)
		}), "aws:SourceArn"},
		{"firehose wrong external id", with(func(s *Statement) {
			s.Action = []string{"sts:AssumeRole"}
			s.Resource = nil
			s.Principal = ServicePrincipal("firehose.amazonaws.com")
			s.Condition = Condition{}.With("StringEquals", "sts:ExternalId", "999999999999")
		}), "want account"},
		{"firehose without external id", with(func(s *Statement) {
			s.Action = []string{"sts:AssumeRole"}
			s.Resource = nil
			s.Principal = ServicePrincipal("firehose.amazonaws.com")
		}), "sts:ExternalId"},
		{"condition arn partition", with(func(s *Statement) {
			s.Principal = ServicePrincipal("sns.amazonaws.com")
			s.Condition = Condition{}.With("ArnEquals", "aws:SourceArn", "arn:aws-us-gov:sns:us-gov-west-1:123456789012:t")
		}), "partition"},
		{"empty condition value", with(func(s *Statement) { s.Condition = Condition{}.With("StringEquals", "k", "") }), "empty value"},
		{"service wildcard in allow", with(func(s *Statement) { s.Action = []string{"sqs:*"} }), "not allowed in an Allow"},
		{"bare star in deny", with(func(s *Statement) {
			s.Effect, s.Action = Deny, []string{"*"}
		}), "every action of one service"},
		{"partial wildcard in deny", with(func(s *Statement) {
			s.Effect, s.Action = Deny, []string{"sqs:Send*"}
		}), "every action of one service"},
		{"everyone in allow", with(func(s *Statement) { s.Principal = Everyone() }), "only a Deny may name it"},
		{"everyone with others", with(func(s *Statement) {
			s.Effect = Deny
			s.Principal = &Principal{Everyone: true, AWS: []string{env.RoleARN("r")}}
		}), "must stand alone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(env, tt.doc)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate = %v, want error containing %q", err, tt.want)
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	env := EnvFor("us-east-1", "123456789012")
	list := AllowStatement("List", []string{"kinesis:ListStreams"}, "*")
	metrics := AllowStatement("Metrics", []string{"cloudwatch:PutMetricData"}, "*")
	key := AllowStatement("Key", []string{"kms:Decrypt", "kms:GenerateDataKey"}, "*")
	key.Principal = ServicePrincipal("sns.amazonaws.com")
	key.Condition = Condition{}.With("ArnEquals", "aws:SourceArn", env.TopicARN("t"))
	// Lambda stores AWS:SourceArn with upper-case AWS; keys are case-insensitive.
	perm := AllowStatement("Perm", []string{"lambda:InvokeFunction"}, env.FunctionARN("f"))
	perm.Principal = ServicePrincipal("s3.amazonaws.com")
	perm.Condition = Condition{}.With("ArnLike", "AWS:SourceArn", env.BucketARN("b")).With("StringEquals", "AWS:SourceAccount", env.AccountID)
	// A Deny may refuse every action of a service to everyone: it grants nothing.
	tls := Statement{Sid: "Tls", Effect: Deny, Principal: Everyone(), Action: []string{"s3:*"},
		Resource: []string{env.BucketARN("b"), env.ObjectsARN("b", "")}, Condition: Condition{}.With("Bool", "aws:SecureTransport", "false")}
	if err := Validate(env, NewDocument(list, metrics, key, perm, tls)); err != nil {
		t.Error(err)
	}
}

// The everyone principal renders as the bare "*" AWS documents, not as an
// object, and other principals are unchanged.
func TestPrincipalJSON(t *testing.T) {
	for _, tt := range []struct {
		p    Principal
		want string
	}{
		{Principal{Everyone: true}, `"*"`},
		{Principal{Service: []string{"s3.amazonaws.com"}}, `{"Service":["s3.amazonaws.com"]}`},
		{Principal{AWS: []string{"arn:aws:iam::123456789012:root"}}, `{"AWS":["arn:aws:iam::123456789012:root"]}`},
	} {
		got, err := json.Marshal(&tt.p)
		if err != nil || string(got) != tt.want {
			t.Errorf("Marshal(%+v) = %s, %v; want %s", tt.p, got, err, tt.want)
		}
		var back Principal
		if err := json.Unmarshal(got, &back); err != nil || !cmp.Equal(back, tt.p) {
			t.Errorf("Unmarshal(%s) = %+v, %v; want %+v", got, back, err, tt.p)
		}
	}
	var p Principal
	if err := json.Unmarshal([]byte(`"arn:aws:iam::123456789012:root"`), &p); err == nil {
		t.Errorf("Unmarshal of a bare ARN = %+v, want an error (wireup writes only \"*\" bare)", p)
	}
}
