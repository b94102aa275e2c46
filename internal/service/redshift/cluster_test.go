package redshift

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	rstypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"
	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// fakeRedshift keeps clusters in memory. A created cluster is "creating"
// for the first creating describes, then "available"; a deleted one is
// "deleting" for deleting describes, then gone. The first busy deletes
// answer InvalidClusterState. It records every mutating call.
type fakeRedshift struct {
	ClusterAPI // panics on anything the fake does not serve
	clusters   map[string]*rstypes.Cluster
	creating   map[string]int
	deleting   map[string]int
	busy       int
	calls      []string
}

func newFakeRedshift() *fakeRedshift {
	return &fakeRedshift{clusters: map[string]*rstypes.Cluster{}, creating: map[string]int{}, deleting: map[string]int{}}
}

func (f *fakeRedshift) CreateCluster(_ context.Context, in *redshift.CreateClusterInput, _ ...func(*redshift.Options)) (*redshift.CreateClusterOutput, error) {
	n := aws.ToString(in.ClusterIdentifier)
	f.calls = append(f.calls, "CreateCluster "+n)
	if f.clusters[n] != nil {
		return nil, &rstypes.ClusterAlreadyExistsFault{Message: aws.String("Cluster already exists")}
	}
	var roles []rstypes.ClusterIamRole
	for _, r := range in.IamRoles {
		roles = append(roles, rstypes.ClusterIamRole{IamRoleArn: aws.String(r), ApplyStatus: aws.String("in-sync")})
	}
	f.clusters[n] = &rstypes.Cluster{ClusterIdentifier: in.ClusterIdentifier, NodeType: in.NodeType, DBName: in.DBName, MasterUsername: in.MasterUsername,
		Encrypted: in.Encrypted, PubliclyAccessible: in.PubliclyAccessible, IamRoles: roles, DefaultIamRoleArn: in.DefaultIamRoleArn, Tags: in.Tags,
		ClusterStatus: aws.String("creating"), NumberOfNodes: aws.Int32(1),
		MasterPasswordSecretArn: aws.String("arn:aws:secretsmanager:us-east-1:123456789012:secret:redshift!" + n + "-awsuser-AbCdEf")}
	if !aws.ToBool(in.ManageMasterPassword) || in.MasterUserPassword != nil || aws.ToString(in.ClusterType) != "single-node" {
		return nil, errors.New("fake: want a managed password on a single-node cluster")
	}
	return &redshift.CreateClusterOutput{Cluster: f.clusters[n]}, nil
}

func (f *fakeRedshift) DescribeClusters(_ context.Context, in *redshift.DescribeClustersInput, _ ...func(*redshift.Options)) (*redshift.DescribeClustersOutput, error) {
	n := aws.ToString(in.ClusterIdentifier)
	if n == "" {
		var out []rstypes.Cluster
		for _, cl := range f.clusters {
			if service.OwnedBy(service.TagsOf(cl.Tags, rsTag), in.TagValues[0]) {
				out = append(out, *cl)
			}
		}
		return &redshift.DescribeClustersOutput{Clusters: out}, nil
	}
	cl := f.clusters[n]
	if cl == nil {
		return nil, &rstypes.ClusterNotFoundFault{Message: aws.String("Cluster " + n + " not found.")}
	}
	switch aws.ToString(cl.ClusterStatus) {
	case "creating":
		if f.creating[n]--; f.creating[n] < 0 {
			cl.ClusterStatus = aws.String("available")
			cl.Endpoint = &rstypes.Endpoint{Address: aws.String(n + ".abc123.us-east-1.redshift.amazonaws.com"), Port: aws.Int32(5439)}
		}
	case "deleting":
		if f.deleting[n]--; f.deleting[n] < 0 {
			delete(f.clusters, n)
			return nil, &rstypes.ClusterNotFoundFault{Message: aws.String("Cluster " + n + " not found.")}
		}
	}
	return &redshift.DescribeClustersOutput{Clusters: []rstypes.Cluster{*cl}}, nil
}

func (f *fakeRedshift) ModifyClusterIamRoles(_ context.Context, in *redshift.ModifyClusterIamRolesInput, _ ...func(*redshift.Options)) (*redshift.ModifyClusterIamRolesOutput, error) {
	n := aws.ToString(in.ClusterIdentifier)
	f.calls = append(f.calls, "ModifyClusterIamRoles "+n)
	for _, r := range in.AddIamRoles {
		f.clusters[n].IamRoles = append(f.clusters[n].IamRoles, rstypes.ClusterIamRole{IamRoleArn: aws.String(r)})
	}
	return &redshift.ModifyClusterIamRolesOutput{}, nil
}

func (f *fakeRedshift) DeleteCluster(_ context.Context, in *redshift.DeleteClusterInput, _ ...func(*redshift.Options)) (*redshift.DeleteClusterOutput, error) {
	n := aws.ToString(in.ClusterIdentifier)
	f.calls = append(f.calls, "DeleteCluster "+n)
	if !aws.ToBool(in.SkipFinalClusterSnapshot) {
		return nil, errors.New("fake: want no final snapshot")
	}
	cl := f.clusters[n]
	switch {
	case cl == nil:
		return nil, &rstypes.ClusterNotFoundFault{Message: aws.String("Cluster " + n + " not found.")}
	case f.busy > 0:
		f.busy--
		return nil, &rstypes.InvalidClusterStateFault{Message: aws.String("There is an operation running on the Cluster.")}
	}
	cl.ClusterStatus = aws.String("deleting")
	return &redshift.DeleteClusterOutput{Cluster: cl}, nil
}

var testPlan = &plan.Plan{Project: "demo", Route: []string{"s3-to-redshift"},
	Env:  plan.Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"},
	Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}, {Key: plan.TagRoute, Value: "s3-to-redshift"}}}

const roleARN = "arn:aws:iam::123456789012:role/demo-redshift"

// ensureCluster is the request to ensure cluster demo-cluster of testPlan
// on AWS with inputs in; what it creates is appended to created.
func ensureCluster(in map[string]string, created *[]map[string]string) *service.Request {
	return &service.Request{Env: service.Env{Target: targets.AWS, MaxWait: time.Minute}, Plan: testPlan,
		Resource: &plan.Resource{Kind: plan.KindCluster, Name: "demo-cluster"}, Inputs: in,
		Created: func(o map[string]string) { *created = append(*created, o) }}
}

var clusterInputs = map[string]string{"roleArn": roleARN, "nodeType": "dc2.large", "database": "dev", "adminUser": "admin"}

// The cluster is created encrypted, private, with a managed password and
// the project's role, and Ensure waits through "creating" until it is
// available; a deploy interrupted then finds it and waits again without a
// second create; another project's cluster is refused.
func TestClusterEnsureResumeAndRefuse(t *testing.T) {
	ctx := context.Background()
	f := newFakeRedshift()
	f.creating["demo-cluster"] = 2
	c := NewCluster(f)
	c.Poll = time.Millisecond
	var created []map[string]string
	out, err := c.Ensure(ctx, ensureCluster(clusterInputs, &created))
	if err != nil {
		t.Fatal(err)
	}
	cl := f.clusters["demo-cluster"]
	if !aws.ToBool(cl.Encrypted) || aws.ToBool(cl.PubliclyAccessible) || aws.ToString(cl.DefaultIamRoleArn) != roleARN || len(created) != 1 {
		t.Errorf("cluster %+v, created %v", cl, created)
	}
	if out["endpoint"] != "demo-cluster.abc123.us-east-1.redshift.amazonaws.com" || out["port"] != "5439" || out["secretArn"] == "" || out["database"] != "dev" {
		t.Errorf("outputs %v", out)
	}
	// Interrupted while creating: the next deploy adopts and waits.
	cl.ClusterStatus, f.creating["demo-cluster"] = aws.String("creating"), 3
	if _, err := c.Ensure(ctx, ensureCluster(clusterInputs, &created)); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"CreateCluster demo-cluster", "CreateCluster demo-cluster"}, f.calls); d != "" || len(created) != 1 {
		t.Errorf("calls (-want +got):\n%s (created %d)", d, len(created))
	}
	rec := &service.Record{Name: "demo-cluster", Inputs: clusterInputs, Outputs: out}
	if d, err := c.Drift(ctx, service.Env{}, nil, rec); d != "" || err != nil {
		t.Errorf("Drift = %q, %v", d, err)
	}
	cl.PubliclyAccessible, cl.IamRoles = aws.Bool(true), nil
	if d, _ := c.Drift(ctx, service.Env{}, nil, rec); !strings.Contains(d, "publicly accessible") || !strings.Contains(d, "not associated") {
		t.Errorf("Drift = %q", d)
	}
	// A cluster that lost its role gets it back.
	if _, err := c.Ensure(ctx, ensureCluster(clusterInputs, &created)); err != nil || f.calls[len(f.calls)-1] != "ModifyClusterIamRoles demo-cluster" {
		t.Errorf("Ensure = %v, calls %v", err, f.calls)
	}
	cl.Tags = []rstypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("other")}}
	if _, err := c.Ensure(ctx, ensureCluster(clusterInputs, &created)); !errors.Is(err, service.ErrNameTaken) {
		t.Errorf("Ensure over another project's cluster = %v, want ErrNameTaken", err)
	}
}

// On the Firehose route the cluster is publicly accessible, with no role
// when its SQL uses none, and being public is then no drift.
func TestClusterPublicForFirehose(t *testing.T) {
	ctx := context.Background()
	f := newFakeRedshift()
	c := NewCluster(f)
	c.Poll = time.Millisecond
	in := map[string]string{"nodeType": "dc2.large", "database": "dev", "adminUser": "admin", "publiclyAccessible": "true"}
	var created []map[string]string
	out, err := c.Ensure(ctx, ensureCluster(in, &created))
	if err != nil {
		t.Fatal(err)
	}
	cl := f.clusters["demo-cluster"]
	if !aws.ToBool(cl.PubliclyAccessible) || len(cl.IamRoles) != 0 || cl.DefaultIamRoleArn != nil {
		t.Errorf("cluster %+v: want public, without a role", cl)
	}
	for _, call := range f.calls {
		if strings.HasPrefix(call, "ModifyClusterIamRoles") {
			t.Errorf("gave a role nothing uses: %v", f.calls)
		}
	}
	if d, err := c.Drift(ctx, service.Env{}, nil, &service.Record{Name: "demo-cluster", Inputs: in, Outputs: out}); d != "" || err != nil {
		t.Errorf("Drift = %q, %v", d, err)
	}
}

// Delete retries while the cluster is busy, skips the final snapshot, and
// waits through "deleting" until the cluster is gone; a second Delete is
// no error. List finds the project's clusters by tag.
func TestClusterDeleteAndList(t *testing.T) {
	ctx := context.Background()
	f := newFakeRedshift()
	c := NewCluster(f)
	c.Poll = time.Millisecond
	var created []map[string]string
	if _, err := c.Ensure(ctx, ensureCluster(clusterInputs, &created)); err != nil {
		t.Fatal(err)
	}
	f.clusters["other"] = &rstypes.Cluster{ClusterIdentifier: aws.String("other"), Tags: []rstypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("x")}}}
	listed, err := c.List(ctx, testPlan)
	if err != nil || len(listed) != 1 || listed[0].Name != "demo-cluster" {
		t.Errorf("List = %v, %v", listed, err)
	}
	f.busy, f.deleting["demo-cluster"] = 2, 2
	rec := &service.Record{Name: "demo-cluster"}
	if err := c.Delete(ctx, service.Env{MaxWait: time.Minute}, rec); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.Join(f.calls, "\n"), "DeleteCluster"); n != 3 || f.clusters["demo-cluster"] != nil {
		t.Errorf("calls %v: want two busy answers, then the delete waited out", f.calls)
	}
	if ok, err := c.Exists(ctx, service.Env{}, rec); ok || err != nil {
		t.Errorf("Exists after Delete = %t, %v", ok, err)
	}
	if err := c.Delete(ctx, service.Env{MaxWait: time.Minute}, rec); err != nil {
		t.Errorf("second Delete: %v", err)
	}
}

// A cluster an earlier destroy is still deleting is waited out, then
// created again.
func TestClusterStillDeleting(t *testing.T) {
	f := newFakeRedshift()
	f.clusters["demo-cluster"] = &rstypes.Cluster{ClusterIdentifier: aws.String("demo-cluster"), ClusterStatus: aws.String("deleting"),
		Tags: []rstypes.Tag{{Key: aws.String(plan.TagProject), Value: aws.String("demo")}}}
	f.deleting["demo-cluster"] = 2
	c := NewCluster(f)
	c.Poll = time.Millisecond
	var created []map[string]string
	if _, err := c.Ensure(context.Background(), ensureCluster(clusterInputs, &created)); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"CreateCluster demo-cluster", "CreateCluster demo-cluster"}, f.calls); d != "" || len(created) != 1 {
		t.Errorf("calls (-want +got):\n%s (created %d)", d, len(created))
	}
	if s := aws.ToString(f.clusters["demo-cluster"].ClusterStatus); s != "available" {
		t.Errorf("status %s", s)
	}
}

// A warehouse the route only reads (redshift-to-quicksight alone) has no
// role: the cluster is created with none, never with an empty role ARN,
// and a second deploy associates none.
func TestClusterWithoutRole(t *testing.T) {
	ctx := context.Background()
	f := newFakeRedshift()
	c := NewCluster(f)
	c.Poll = time.Millisecond
	in := map[string]string{"nodeType": "dc2.large", "database": "dev", "adminUser": "admin"}
	var created []map[string]string
	for i := 0; i < 2; i++ {
		if _, err := c.Ensure(ctx, ensureCluster(in, &created)); err != nil {
			t.Fatal(err)
		}
	}
	cl := f.clusters["demo-cluster"]
	if len(cl.IamRoles) != 0 || cl.DefaultIamRoleArn != nil {
		t.Errorf("roles %v, default %v; want none", cl.IamRoles, aws.ToString(cl.DefaultIamRoleArn))
	}
	if d := cmp.Diff([]string{"CreateCluster demo-cluster", "CreateCluster demo-cluster"}, f.calls); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
}
