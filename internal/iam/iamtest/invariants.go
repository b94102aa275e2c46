package iamtest

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/iam"
)

// documents returns every policy document in o, labelled.
func documents(o Output) map[string]iam.Document {
	switch v := o.(type) {
	case iam.Role:
		return map[string]iam.Document{"trust": v.Trust, "policy": v.Policy}
	case iam.Policy:
		return map[string]iam.Document{"policy": v.Document}
	case iam.ResourcePolicy:
		m := map[string]iam.Document{"resource": v.Document}
		if len(v.KeyPolicy) > 0 {
			m["key"] = iam.NewDocument(v.KeyPolicy...)
		}
		return m
	}
	panic("unknown output type")
}

// Invariants checks, for every case in every partition, the properties
// internal/iam promises: the output validates, renders deterministically,
// names ARNs of env only, grants named actions only, and every service
// principal carries its confused-deputy conditions. The checks are written
// out here rather than by calling Validate, so that a bug in Validate
// cannot hide a bad policy.
func Invariants(t *testing.T, cases []Case) {
	t.Helper()
	for _, env := range Envs() {
		for _, c := range cases {
			t.Run(env.Partition+"/"+c.Name, func(t *testing.T) {
				out, err := c.Build(env)
				if err != nil {
					t.Fatal(err)
				}
				if err := out.Validate(env); err != nil {
					t.Errorf("Validate: %v", err)
				}
				checkDeterministic(t, c, env, out)
				checkARNs(t, env, out)
				for label, d := range documents(out) {
					for _, s := range d.Statement {
						checkStatement(t, env, label, s)
					}
				}
			})
		}
	}
}

// checkDeterministic: building and rendering twice gives the same bytes.
func checkDeterministic(t *testing.T, c Case, env iam.Env, out Output) {
	t.Helper()
	a, err := out.JSON()
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.Build(env)
	if err != nil {
		t.Fatal(err)
	}
	b, err := again.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("output is not deterministic:\n%s", cmp.Diff(string(a), string(b)))
	}
	for label, d := range documents(out) {
		x, _ := d.JSON()
		y, _ := d.JSON()
		if !bytes.Equal(x, y) || !bytes.HasSuffix(x, []byte("}\n")) {
			t.Errorf("%s document: rendering is not stable or lacks its trailing newline", label)
		}
	}
}

// checkARNs: every ARN anywhere in the output parses and belongs to env's
// partition, Region (or none) and account (or none); no ARN of another
// partition appears even inside notes.
func checkARNs(t *testing.T, env iam.Env, out Output) {
	t.Helper()
	b, err := out.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	walkStrings(v, func(s string) {
		if !strings.HasPrefix(s, "arn:") {
			return
		}
		a, err := arn.Parse(s)
		if err != nil {
			t.Errorf("%q is not an ARN", s)
			return
		}
		if a.Partition != env.Partition {
			t.Errorf("%q: partition %q, want %q", s, a.Partition, env.Partition)
		}
		if a.Region != "" && a.Region != env.Region {
			t.Errorf("%q: region %q, want %q", s, a.Region, env.Region)
		}
		// A SageMaker built-in algorithm's image repository is in AWS's
		// registry account of the Region, not the project's.
		awsImage := a.Service == "ecr" && strings.HasPrefix(a.Resource, "repository/sagemaker-")
		if a.AccountID != "" && a.AccountID != env.AccountID && !awsImage {
			t.Errorf("%q: account %q, want %q", s, a.AccountID, env.AccountID)
		}
	})
	for _, p := range partitions {
		if p != env.Partition && bytes.Contains(b, []byte("arn:"+p+":")) {
			t.Errorf("output for %s contains an %s ARN", env.Partition, p)
		}
	}
}

func walkStrings(v any, f func(string)) {
	switch v := v.(type) {
	case string:
		f(v)
	case []any:
		for _, e := range v {
			walkStrings(e, f)
		}
	case map[string]any:
		for _, e := range v {
			walkStrings(e, f)
		}
	}
}

// checkStatement: named actions only; Resource "*" only in key policies
// (KMS actions, where "*" means the key); confused-deputy conditions on
// every service principal.
func checkStatement(t *testing.T, env iam.Env, label string, s iam.Statement) {
	t.Helper()
	for _, a := range s.Action {
		// A Deny may refuse every action of one service (the TLS-only
		// bucket policy); nothing may grant a wildcard.
		svc, name, _ := strings.Cut(a, ":")
		denyAll := s.Effect == iam.Deny && name == "*" && svc != "" && !strings.ContainsAny(svc, "*?")
		if strings.ContainsAny(a, "*?") && !denyAll {
			t.Errorf("%s/%s: wildcard action %q", label, s.Sid, a)
		}
	}
	if s.Effect == iam.Deny && len(s.Condition) == 0 {
		t.Errorf("%s/%s: unconditional Deny: wireup's Deny statements refuse a kind of request, never everything", label, s.Sid)
	}
	for _, r := range s.Resource {
		if r != "*" {
			continue
		}
		// Outside key policies, "*" only for actions AWS gives no resource
		// type (checked here independently of Validate's table).
		noResourceType := map[string]bool{"iot:DescribeEndpoint": true, "cloudwatch:PutMetricData": true, "ecr:GetAuthorizationToken": true,
			// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html
			"states:ListStateMachines": true,
			// Step Functions' log delivery: https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy
			"logs:CreateLogDelivery": true, "logs:DeleteLogDelivery": true, "logs:DescribeLogGroups": true, "logs:DescribeResourcePolicies": true,
			"logs:GetLogDelivery": true, "logs:ListLogDeliveries": true, "logs:PutResourcePolicy": true, "logs:UpdateLogDelivery": true,
			// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonemrserverless.html
			"emr-serverless:ListApplications": true,
			// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftdataapi.html
			"redshift-data:CancelStatement": true, "redshift-data:DescribeStatement": true, "redshift-data:GetStatementResult": true}
		for _, a := range s.Action {
			switch {
			case label == "key" && strings.HasPrefix(a, "kms:"):
			case label != "key" && noResourceType[a]:
			default:
				t.Errorf("%s/%s: Resource \"*\" with action %q, which has a resource type", label, s.Sid, a)
			}
		}
	}
	if s.Principal == nil {
		if label == "trust" || label == "resource" || label == "key" {
			t.Errorf("%s/%s: no principal", label, s.Sid)
		}
		return
	}
	if label == "policy" {
		t.Errorf("%s/%s: identity policy with a principal", label, s.Sid)
	}
	if s.Principal.Everyone {
		if s.Effect != iam.Deny || len(s.Principal.Service)+len(s.Principal.AWS) > 0 {
			t.Errorf("%s/%s: principal \"*\" outside a Deny of its own: %+v", label, s.Sid, s)
		}
		return
	}
	cond := func(op, key string) []string { return s.Condition[op][key] }
	account := []string{env.AccountID}
	for _, svc := range s.Principal.Service {
		switch svc {
		case "firehose.amazonaws.com":
			if !cmp.Equal(cond("StringEquals", "sts:ExternalId"), account) {
				t.Errorf("%s/%s: firehose trust needs sts:ExternalId = account, got %v", label, s.Sid, s.Condition)
			}
		case "iot.amazonaws.com":
			src := cond("ArnLike", "aws:SourceArn")
			if !cmp.Equal(cond("StringEquals", "aws:SourceAccount"), account) || len(src) != 1 ||
				!strings.HasPrefix(src[0], "arn:"+env.Partition+":iot:"+env.Region+":"+env.AccountID+":rule/") {
				t.Errorf("%s/%s: iot needs aws:SourceAccount + aws:SourceArn = rule ARN, got %v", label, s.Sid, s.Condition)
			}
		case "s3.amazonaws.com":
			src := cond("ArnLike", "aws:SourceArn")
			if !cmp.Equal(cond("StringEquals", "aws:SourceAccount"), account) || len(src) != 1 ||
				!strings.HasPrefix(src[0], "arn:"+env.Partition+":s3:::") {
				t.Errorf("%s/%s: s3 needs aws:SourceAccount + aws:SourceArn = bucket ARN, got %v", label, s.Sid, s.Condition)
			}
		case "sns.amazonaws.com":
			src := cond("ArnEquals", "aws:SourceArn")
			if like := cond("ArnLike", "aws:SourceArn"); src == nil && len(like) == 1 && !strings.ContainsAny(like[0], "*?") {
				// A Lambda permission: AddPermission writes its SourceArn
				// as ArnLike; without a wildcard it matches one topic.
				src = like
			}
			if len(src) != 1 || !strings.HasPrefix(src[0], "arn:"+env.Partition+":sns:"+env.Region+":"+env.AccountID+":") {
				t.Errorf("%s/%s: sns needs aws:SourceArn = topic ARN, got %v", label, s.Sid, s.Condition)
			}
		case "events.amazonaws.com":
			src := cond("ArnEquals", "aws:SourceArn")
			if like := cond("ArnLike", "aws:SourceArn"); src == nil && len(like) == 1 && !strings.ContainsAny(like[0], "*?") {
				src = like // a Lambda permission, which AddPermission writes as ArnLike
			}
			if len(src) != 1 || !strings.HasPrefix(src[0], "arn:"+env.Partition+":events:"+env.Region+":"+env.AccountID+":rule/") {
				t.Errorf("%s/%s: events needs aws:SourceArn = rule ARN, got %v", label, s.Sid, s.Condition)
			}
		case "logs.amazonaws.com":
			src := cond("ArnLike", "aws:SourceArn")
			ok := cmp.Equal(cond("StringEquals", "aws:SourceAccount"), account) && len(src) > 0
			for _, a := range src {
				ok = ok && strings.HasPrefix(a, "arn:"+env.Partition+":logs:"+env.Region+":"+env.AccountID+":log-group:")
			}
			if !ok {
				t.Errorf("%s/%s: logs needs aws:SourceAccount + aws:SourceArn = log group ARN, got %v", label, s.Sid, s.Condition)
			}
		case "sagemaker.amazonaws.com":
			src := cond("ArnLike", "aws:SourceArn")
			if len(src) != 1 || !strings.HasPrefix(src[0], "arn:"+env.Partition+":sagemaker:"+env.Region+":"+env.AccountID+":training-job/") {
				t.Errorf("%s/%s: sagemaker needs aws:SourceArn = training job ARN, got %v", label, s.Sid, s.Condition)
			}
		case "glue.amazonaws.com":
			if !cmp.Equal(cond("StringEquals", "aws:SourceAccount"), account) {
				t.Errorf("%s/%s: glue trust needs aws:SourceAccount = account, got %v", label, s.Sid, s.Condition)
			}
		case "quicksight.amazonaws.com":
			if s.Condition != nil {
				t.Errorf("%s/%s: quicksight trust must carry no condition (AWS documents none)", label, s.Sid)
			}
		case "states.amazonaws.com":
			arns := cond("ArnLike", "aws:SourceArn")
			ok := cmp.Equal(cond("StringEquals", "aws:SourceAccount"), account) && len(arns) > 0
			for _, a := range arns {
				ok = ok && strings.HasPrefix(a, "arn:"+env.Partition+":states:"+env.Region+":"+env.AccountID+":stateMachine:")
			}
			if !ok {
				t.Errorf("%s/%s: states needs aws:SourceAccount + aws:SourceArn = state machine ARN, got %v", label, s.Sid, s.Condition)
			}
		case "emr-serverless.amazonaws.com":
			src := cond("ArnLike", "aws:SourceArn")
			if !cmp.Equal(cond("StringEquals", "aws:SourceAccount"), account) || len(src) != 1 ||
				src[0] != "arn:"+env.Partition+":emr-serverless:"+env.Region+":"+env.AccountID+":/applications/*" {
				t.Errorf("%s/%s: emr-serverless needs aws:SourceAccount + aws:SourceArn = the account's applications, got %v", label, s.Sid, s.Condition)
			}
		case "redshift.amazonaws.com":
			if s.Condition != nil {
				t.Errorf("%s/%s: redshift trust carries no condition (AWS documents none: https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service.html)", label, s.Sid)
			}
		case "lambda.amazonaws.com":
			if s.Condition != nil {
				t.Errorf("%s/%s: lambda trust must carry no condition (AWS documents none for Lambda: https://docs.aws.amazon.com/lambda/latest/dg/permissions-managed-policies.html)", label, s.Sid)
			}
		default:
			t.Errorf("%s/%s: unexpected service principal %q", label, s.Sid, svc)
		}
	}
}
