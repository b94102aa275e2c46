package redshift

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	rstypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"
	"github.com/aws/smithy-go"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// ClusterAPI is the part of the Redshift client the cluster kind uses;
// DescribeClusters also serves the SDK's available and deleted waiters.
type ClusterAPI interface {
	CreateCluster(ctx context.Context, in *redshift.CreateClusterInput, optFns ...func(*redshift.Options)) (*redshift.CreateClusterOutput, error)
	DescribeClusters(ctx context.Context, in *redshift.DescribeClustersInput, optFns ...func(*redshift.Options)) (*redshift.DescribeClustersOutput, error)
	ModifyClusterIamRoles(ctx context.Context, in *redshift.ModifyClusterIamRolesInput, optFns ...func(*redshift.Options)) (*redshift.ModifyClusterIamRolesOutput, error)
	DeleteCluster(ctx context.Context, in *redshift.DeleteClusterInput, optFns ...func(*redshift.Options)) (*redshift.DeleteClusterOutput, error)
}

// Cluster is the redshift.cluster kind: a single-node provisioned cluster,
// encrypted, not publicly accessible (but on a route a delivery stream
// loads, see public), its admin password created and kept
// by Secrets Manager (ManageMasterPassword), with the project's role as its
// default IAM role for COPY, UNLOAD and Spectrum. It bills every hour from
// create to delete.
type Cluster struct {
	c ClusterAPI
	// Poll is the waiters' least delay between checks; zero keeps the
	// SDK's (a minute: a cluster takes minutes).
	Poll time.Duration
}

// NewCluster returns the cluster kind on c.
func NewCluster(c ClusterAPI) *Cluster { return &Cluster{c: c} }

var (
	_ service.Lister = (*Cluster)(nil)
	_ service.Typed  = (*Cluster)(nil)
)

// ClusterSettings are the settings of a redshift.cluster as the planner
// writes them, with its role's ARN resolved at apply (none on a route
// whose SQL uses no role). The cluster is always single-node, encrypted,
// and its admin password managed by Secrets Manager.
type ClusterSettings struct {
	NodeType      string `setting:"nodeType"`
	NumberOfNodes int32  `setting:"numberOfNodes"`
	Database      string `setting:"database"`
	AdminUser     string `setting:"adminUser"`
	Encrypted     bool   `setting:"encrypted"`
	// PubliclyAccessible is whether the plan makes the warehouse publicly
	// accessible: only when a delivery stream loads it, as Firehose
	// reaches Redshift over its public endpoint and wireup creates no VPC
	// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-rs).
	// Which addresses may connect stays the security group's, which the
	// user opens to the Firehose CIDR of the Region.
	PubliclyAccessible bool   `setting:"publiclyAccessible"`
	RoleARN            string `setting:"roleArn"`
}

// NewSettings implements service.Typed.
func (*Cluster) NewSettings() any { return &ClusterSettings{} }

// Kind implements service.Provider.
func (*Cluster) Kind() plan.Kind { return plan.KindCluster }

// Always implements service.Lister: clusters are listed only for a plan
// that has one.
func (*Cluster) Always() bool { return false }

func clusterTags(p *plan.Plan) []rstypes.Tag {
	var out []rstypes.Tag
	for _, t := range p.Tags {
		out = append(out, rstypes.Tag{Key: aws.String(t.Key), Value: aws.String(t.Value)})
	}
	return out
}

func rsTag(t rstypes.Tag) (*string, *string) { return t.Key, t.Value }

// Ensure implements service.Provider: create the cluster and wait until it
// is available. A deploy interrupted while the cluster was creating finds
// it (ClusterAlreadyExists) and waits for it instead of creating a second.
func (c *Cluster) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	n := req.Resource.Name
	var in ClusterSettings
	if err := service.Decode(req.Inputs, &in); err != nil {
		return nil, fmt.Errorf("%s %s: %w", plan.KindCluster, n, err)
	}
	role := in.RoleARN
	create := func() error {
		ci := &redshift.CreateClusterInput{
			ClusterIdentifier: aws.String(n), NodeType: aws.String(in.NodeType), ClusterType: aws.String("single-node"),
			DBName: aws.String(in.Database), MasterUsername: aws.String(in.AdminUser), ManageMasterPassword: aws.Bool(true),
			Encrypted: aws.Bool(true), PubliclyAccessible: aws.Bool(in.PubliclyAccessible), Tags: clusterTags(req.Plan),
		}
		if role != "" {
			// No role on a route whose SQL uses none (Firehose's COPY
			// reads its staging bucket with the delivery role's
			// credentials).
			ci.IamRoles, ci.DefaultIamRoleArn = []string{role}, aws.String(role)
		}
		_, err := c.c.CreateCluster(ctx, ci)
		return err
	}
	for attempt := 0; ; attempt++ {
		err := req.Do(ctx, service.RoleTransient, create)
		if err == nil {
			req.Created(map[string]string{"name": n})
			break
		}
		if service.ErrorCode(err) != codeClusterExists || attempt == maxCreates {
			return nil, fmt.Errorf("create Redshift cluster %s: %w", n, err)
		}
		cl, err := c.describe(ctx, n)
		if service.IsNotFound(err) || service.ErrorCode(err) == codeClusterNotFound {
			continue // deleted between the calls
		}
		if err != nil {
			return nil, fmt.Errorf("read Redshift cluster %s: %w", n, err)
		}
		if !req.Owns(service.TagsOf(cl.Tags, rsTag)) {
			return nil, fmt.Errorf("create Redshift cluster: %s exists in this account and is not tagged %s=%s: %w. Rename redshift.cluster in wireup.yaml",
				n, plan.TagProject, req.Plan.Project, service.ErrNameTaken)
		}
		if aws.ToString(cl.ClusterStatus) != "deleting" {
			break // the project's cluster, maybe still creating: wait for it
		}
		// An earlier destroy's delete is still running: wait it out.
		if err := c.deleted(ctx, req.Wait(), n); err != nil {
			return nil, fmt.Errorf("create Redshift cluster %s: an earlier delete is still running: %w", n, err)
		}
	}
	w := redshift.NewClusterAvailableWaiter(c.c, func(o *redshift.ClusterAvailableWaiterOptions) {
		if c.Poll > 0 {
			o.MinDelay, o.MaxDelay = c.Poll, 4*c.Poll
		}
	})
	if err := w.Wait(ctx, &redshift.DescribeClustersInput{ClusterIdentifier: aws.String(n)}, req.Wait()); err != nil {
		return nil, fmt.Errorf("wait for Redshift cluster %s to be available: %w (a cluster takes minutes, sometimes more than one deploy waits: run `wireup deploy` again and it waits for the same cluster)", n, err)
	}
	cl, err := c.describe(ctx, n)
	if err != nil {
		return nil, fmt.Errorf("read Redshift cluster %s: %w", n, err)
	}
	if role != "" && !hasRole(cl, role) {
		if _, err := c.c.ModifyClusterIamRoles(ctx, &redshift.ModifyClusterIamRolesInput{ClusterIdentifier: aws.String(n),
			AddIamRoles: []string{role}, DefaultIamRoleArn: aws.String(role)}); err != nil {
			return nil, fmt.Errorf("give Redshift cluster %s its role: %w", n, err)
		}
	}
	return clusterOutputs(cl), nil
}

// clusterOutputs are what the generated runner and the verify need: the
// identifier, the database, and where it listens. moto returns no
// MasterPasswordSecretArn (measured), so the secret may be empty there.
func clusterOutputs(cl *rstypes.Cluster) map[string]string {
	out := map[string]string{"name": aws.ToString(cl.ClusterIdentifier), "database": aws.ToString(cl.DBName),
		"secretArn": aws.ToString(cl.MasterPasswordSecretArn), "namespaceArn": aws.ToString(cl.ClusterNamespaceArn)}
	if e := cl.Endpoint; e != nil {
		out["endpoint"], out["port"] = aws.ToString(e.Address), fmt.Sprint(aws.ToInt32(e.Port))
	}
	return out
}

func hasRole(cl *rstypes.Cluster, role string) bool {
	for _, r := range cl.IamRoles {
		if aws.ToString(r.IamRoleArn) == role {
			return true
		}
	}
	return false
}

func (c *Cluster) describe(ctx context.Context, n string) (*rstypes.Cluster, error) {
	out, err := c.c.DescribeClusters(ctx, &redshift.DescribeClustersInput{ClusterIdentifier: aws.String(n)})
	if err != nil {
		return nil, err
	}
	if len(out.Clusters) == 0 {
		// Which the engine counts as gone, as service.IsNotFound knows the code.
		return nil, &smithy.GenericAPIError{Code: "NotFound", Message: "Redshift cluster " + n + " not found"}
	}
	return &out.Clusters[0], nil
}

// Exists implements service.Provider.
func (c *Cluster) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := c.describe(ctx, name(rec))
	if service.ErrorCode(err) == codeClusterNotFound {
		return false, nil
	}
	return service.Exists(err)
}

// Drift implements service.Provider: a cluster made public, unencrypted,
// or without the role COPY and UNLOAD use.
func (c *Cluster) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	var want ClusterSettings
	if err := service.Decode(rec.Inputs, &want); err != nil {
		return "", fmt.Errorf("%s %s: %w", plan.KindCluster, rec.Name, err)
	}
	cl, err := c.describe(ctx, name(rec))
	if err != nil {
		return "", fmt.Errorf("read Redshift cluster %s: %w", name(rec), err)
	}
	var diffs []string
	if aws.ToBool(cl.PubliclyAccessible) && !want.PubliclyAccessible {
		diffs = append(diffs, "publicly accessible")
	}
	if !aws.ToBool(cl.Encrypted) {
		diffs = append(diffs, "not encrypted")
	}
	if role := want.RoleARN; role != "" && !hasRole(cl, role) {
		diffs = append(diffs, "role "+role+" is not associated (COPY and UNLOAD use it)")
	}
	return strings.Join(diffs, "; "), nil
}

// Delete implements service.Provider: without a final snapshot (the
// banner says the data goes with it), retried while the cluster is still
// creating or modifying, then waits until it is gone.
func (c *Cluster) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	n := name(rec)
	err := service.Poll(ctx, env.Wait(), "delete Redshift cluster "+n, func() (bool, error) {
		_, err := c.c.DeleteCluster(ctx, &redshift.DeleteClusterInput{ClusterIdentifier: aws.String(n), SkipFinalClusterSnapshot: aws.Bool(true)})
		switch service.ErrorCode(err) {
		case "", codeClusterNotFound:
			return true, nil
		case codeClusterState:
			return false, nil
		}
		return false, err
	})
	if err != nil {
		return err
	}
	return c.deleted(ctx, env.Wait(), n)
}

// deleted waits until cluster n is gone.
func (c *Cluster) deleted(ctx context.Context, wait time.Duration, n string) error {
	w := redshift.NewClusterDeletedWaiter(c.c, func(o *redshift.ClusterDeletedWaiterOptions) {
		if c.Poll > 0 {
			o.MinDelay, o.MaxDelay = c.Poll, 4*c.Poll
		}
	})
	if err := w.Wait(ctx, &redshift.DescribeClustersInput{ClusterIdentifier: aws.String(n)}, wait); err != nil {
		return fmt.Errorf("wait for Redshift cluster %s to be deleted: %w", n, err)
	}
	return nil
}

// List implements service.Lister: the clusters tagged with the plan's
// project, every page.
func (c *Cluster) List(ctx context.Context, p *plan.Plan) ([]service.Listed, error) {
	var out []service.Listed
	pg := redshift.NewDescribeClustersPaginator(c.c, &redshift.DescribeClustersInput{TagKeys: []string{plan.TagProject}, TagValues: []string{p.Project}})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, cl := range page.Clusters {
			n, tags := aws.ToString(cl.ClusterIdentifier), service.TagsOf(cl.Tags, rsTag)
			out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n},
				Tags: func(context.Context) (map[string]string, error) { return tags, nil }})
		}
	}
	return out, nil
}
