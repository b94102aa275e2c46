package sagemaker

import (
	"flag"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/iam/iamtest"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

// specFor is the default spec of route for project "demo" in region.
func specFor(t testing.TB, region string, route ...string) *spec.Spec {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.New(c, "demo", region, route, firehose.SpecDefault, s3.SpecDefault, SpecDefault)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// iamCases covers the execution role and cmd/train's policy, with the
// bucket's own key and in each partition (the image registry account and
// the ECR ARN differ per Region).
func iamCases(t testing.TB) []iamtest.Case {
	route := []string{"app-to-s3", "s3-to-sagemaker"}
	role := func(env iam.Env) RoleInput {
		img, err := XGBoostImage(env.Region, "1.7-1")
		if err != nil {
			t.Fatal(err)
		}
		return RoleInputFor(specFor(t, env.Region, route...), img)
	}
	firehose := specFor(t, "us-east-1", "app-to-firehose", "firehose-to-s3", "s3-to-sagemaker")
	return []iamtest.Case{
		{Name: "execution-role", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) { return iamtest.Role(ExecutionRole(env, role(env))) }},
		{Name: "execution-role-kms", Build: func(env iam.Env) (iamtest.Output, error) {
			in := role(env)
			in.KMSKeyARN = iamtest.KeyARN(env)
			return iamtest.Role(ExecutionRole(env, in))
		}},
		{Name: "train", AllPartitions: true, Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(TrainPolicy(env, TrainInputFor(specFor(t, env.Region, route...))))
		}},
		{Name: "train-firehose", Build: func(env iam.Env) (iamtest.Output, error) {
			return iamtest.Policy(TrainPolicy(env, TrainInputFor(firehose)))
		}},
	}
}

// TestGolden compares every case with testdata/PARTITION/CASE.json. Run
// `go test ./internal/service/sagemaker -run TestGolden -update` to accept
// new output.
func TestGolden(t *testing.T) { iamtest.Golden(t, iamCases(t), *update) }

// TestInvariants checks every case in every partition.
func TestInvariants(t *testing.T) { iamtest.Invariants(t, iamCases(t)) }

// TestBuilderErrors: bad input is rejected, never turned into a broader
// policy.
func TestBuilderErrors(t *testing.T) {
	env := iam.EnvFor("us-east-1", "123456789012")
	img, _ := XGBoostImage("us-east-1", "1.7-1")
	ok := RoleInputFor(specFor(t, "us-east-1", "app-to-s3", "s3-to-sagemaker"), img)
	wild, noImage := ok, ok
	wild.TrainPrefix = "train/*"
	noImage.Image = Image{}
	tr := TrainInputFor(specFor(t, "us-east-1", "app-to-s3", "s3-to-sagemaker"))
	tr.Role = "arn:aws:iam::123456789012:role/x"
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"wildcard prefix", iamtest.Err(ExecutionRole(env, wild)), "must be literal"},
		{"no image", iamtest.Err(ExecutionRole(env, noImage)), "no training image"},
		{"role ARN", iamtest.Err(TrainPolicy(env, tr)), "role name"},
	} {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want one containing %q", tt.name, tt.err, tt.want)
		}
	}
}

// The image table answers the Regions it lists and refuses the others,
// saying where the registry accounts come from.
func TestXGBoostImage(t *testing.T) {
	img, err := XGBoostImage("eu-west-1", "1.7-1")
	if err != nil || img.URI() != "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1" {
		t.Errorf("eu-west-1: %v, %v", img.URI(), err)
	}
	cn, err := XGBoostImage("cn-north-1", "1.7-1")
	if err != nil || cn.URI() != "450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-xgboost:1.7-1" ||
		cn.RepositoryARN() != "arn:aws-cn:ecr:cn-north-1:450853457545:repository/sagemaker-xgboost" {
		t.Errorf("cn-north-1: %v %v, %v", cn.URI(), cn.RepositoryARN(), err)
	}
	if _, err := XGBoostImage("xx-nowhere-1", "1.7-1"); err == nil || !strings.Contains(err.Error(), ImageSource) {
		t.Errorf("unknown Region: %v", err)
	}
	if _, err := XGBoostImage("us-east-1", "9.9-9"); err == nil {
		t.Error("unknown version accepted")
	}
}
