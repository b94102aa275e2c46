package redshiftserverless

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshiftserverless"
	sltypes "github.com/aws/aws-sdk-go-v2/service/redshiftserverless/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// NamespaceAPI is the part of the Redshift Serverless client the namespace
// kind uses.
type NamespaceAPI interface {
	TagsAPI
	CreateNamespace(ctx context.Context, in *redshiftserverless.CreateNamespaceInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.CreateNamespaceOutput, error)
	GetNamespace(ctx context.Context, in *redshiftserverless.GetNamespaceInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.GetNamespaceOutput, error)
	UpdateNamespace(ctx context.Context, in *redshiftserverless.UpdateNamespaceInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.UpdateNamespaceOutput, error)
	DeleteNamespace(ctx context.Context, in *redshiftserverless.DeleteNamespaceInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.DeleteNamespaceOutput, error)
	ListNamespaces(ctx context.Context, in *redshiftserverless.ListNamespacesInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.ListNamespacesOutput, error)
}

// Namespace is the redshift-serverless.namespace kind: the warehouse's
// database, admin user and storage. Its admin password is created and kept
// by Secrets Manager (ManageAdminPassword: wireup never sees it), and the
// project's role is its default IAM role, the one `IAM_ROLE default` in
// COPY, UNLOAD and CREATE EXTERNAL SCHEMA names
// (https://docs.aws.amazon.com/redshift/latest/mgmt/default-iam-role.html).
type Namespace struct{ c NamespaceAPI }

// NewNamespace returns the namespace kind on c.
func NewNamespace(c NamespaceAPI) *Namespace { return &Namespace{c: c} }

var (
	_ service.Lister = (*Namespace)(nil)
	_ service.Typed  = (*Namespace)(nil)
)

// NamespaceSettings are the settings of a redshift-serverless.namespace
// as the planner writes them, with its role's ARN resolved at apply (none
// on a route whose SQL uses no role). The admin password is always
// managed by Secrets Manager.
type NamespaceSettings struct {
	Database            string `setting:"database"`
	AdminUser           string `setting:"adminUser"`
	ManageAdminPassword bool   `setting:"manageAdminPassword"`
	RoleARN             string `setting:"roleArn"`
}

// NewSettings implements service.Typed.
func (*Namespace) NewSettings() any { return &NamespaceSettings{} }

// Kind implements service.Provider.
func (*Namespace) Kind() plan.Kind { return plan.KindNamespace }

// Always implements service.Lister: only a plan with a namespace lists
// them, so no other project depends on a target's Redshift Serverless.
func (*Namespace) Always() bool { return false }

// Ensure implements service.Provider: create the namespace and wait until
// it is AVAILABLE. A deploy interrupted while it was creating finds it
// (ConflictException on the name) and waits; one still being deleted by
// an earlier destroy is waited out and created again.
func (n *Namespace) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	nm := req.Resource.Name
	var in NamespaceSettings
	if err := service.Decode(req.Inputs, &in); err != nil {
		return nil, fmt.Errorf("%s %s: %w", plan.KindNamespace, nm, err)
	}
	what := "Redshift Serverless namespace " + nm
	if err := refuse(req.Env, what); err != nil {
		return nil, err
	}
	role := in.RoleARN
	create := func() error {
		ci := &redshiftserverless.CreateNamespaceInput{NamespaceName: aws.String(nm),
			DbName: aws.String(in.Database), AdminUsername: aws.String(in.AdminUser), ManageAdminPassword: aws.Bool(true),
			Tags: serverlessTags(req.Plan)}
		if role != "" {
			// No role on a route whose SQL uses none (Firehose's COPY
			// reads its staging bucket with the delivery role's
			// credentials).
			ci.IamRoles, ci.DefaultIamRoleArn = []string{role}, aws.String(role)
		}
		_, err := n.c.CreateNamespace(ctx, ci)
		return err
	}
	for attempt := 0; ; attempt++ {
		if attempt == maxCreates {
			return nil, fmt.Errorf("create %s: the name stays in conflict but is not found; deploy again in a few minutes", what)
		}
		err := req.Do(ctx, service.RoleTransient, create)
		if err == nil {
			req.Created(map[string]string{"name": nm})
			break
		}
		if service.ErrorCode(err) != codeConflict {
			return nil, createError(what, err)
		}
		got, gerr := n.get(ctx, nm)
		if service.ErrorCode(gerr) == codeNotFound {
			continue // gone between the calls: create it now
		}
		if gerr != nil {
			return nil, fmt.Errorf("create %s: %w (and reading it: %v)", what, err, gerr)
		}
		if got.Status == sltypes.NamespaceStatusDeleting {
			if err := n.gone(ctx, req.Wait(), nm); err != nil {
				return nil, fmt.Errorf("create %s: an earlier delete is still running: %w", what, err)
			}
			continue
		}
		if err := owned(ctx, n.c, req, what, aws.ToString(got.NamespaceArn), "redshift.namespace"); err != nil {
			return nil, err
		}
		break
	}
	ns, err := n.available(ctx, req.Wait(), nm)
	if err != nil {
		return nil, err
	}
	if role != "" && (!slices.ContainsFunc(ns.IamRoles, func(r string) bool { return roleIn(r, role) }) || aws.ToString(ns.DefaultIamRoleArn) != role) {
		if _, err := n.c.UpdateNamespace(ctx, &redshiftserverless.UpdateNamespaceInput{NamespaceName: aws.String(nm),
			IamRoles: []string{role}, DefaultIamRoleArn: aws.String(role)}); err != nil {
			return nil, fmt.Errorf("give %s its role: %w", what, err)
		}
		if ns, err = n.available(ctx, req.Wait(), nm); err != nil {
			return nil, err
		}
	}
	return map[string]string{"name": nm, "arn": aws.ToString(ns.NamespaceArn), "id": aws.ToString(ns.NamespaceId),
		"database": aws.ToString(ns.DbName), "secretArn": aws.ToString(ns.AdminPasswordSecretArn)}, nil
}

// roleIn reports whether an IamRoles entry names role: GetNamespace
// answers each as "IamRole(applyStatus=in-sync, iamRoleArn=ARN)"
// (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_Namespace.html
// types it as a string), or as the bare ARN.
func roleIn(entry, role string) bool {
	return entry == role || strings.Contains(entry, "iamRoleArn="+role+")") || strings.Contains(entry, "iamRoleArn="+role+",")
}

func (n *Namespace) get(ctx context.Context, nm string) (*sltypes.Namespace, error) {
	out, err := n.c.GetNamespace(ctx, &redshiftserverless.GetNamespaceInput{NamespaceName: aws.String(nm)})
	if err != nil {
		return nil, err
	}
	return out.Namespace, nil
}

// available waits until the namespace is AVAILABLE (no SDK waiter exists
// for Redshift Serverless).
func (n *Namespace) available(ctx context.Context, wait time.Duration, nm string) (*sltypes.Namespace, error) {
	var ns *sltypes.Namespace
	err := service.Poll(ctx, wait, "wait for Redshift Serverless namespace "+nm+" to be AVAILABLE", func() (bool, error) {
		got, err := n.get(ctx, nm)
		if err != nil {
			return false, err
		}
		ns = got
		return got.Status == sltypes.NamespaceStatusAvailable, nil
	})
	return ns, stillCreating(err)
}

// gone waits until GetNamespace no longer finds nm.
func (n *Namespace) gone(ctx context.Context, wait time.Duration, nm string) error {
	return untilGone(ctx, wait, "Redshift Serverless namespace "+nm, func() error { _, err := n.get(ctx, nm); return err })
}

// Exists implements service.Provider.
func (n *Namespace) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := n.get(ctx, name(rec))
	return existsBy(err)
}

// Drift implements service.Provider: a namespace whose default role is no
// longer the project's, so `IAM_ROLE default` loads with another identity
// or none.
func (n *Namespace) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	var want NamespaceSettings
	if err := service.Decode(rec.Inputs, &want); err != nil {
		return "", fmt.Errorf("%s %s: %w", plan.KindNamespace, rec.Name, err)
	}
	ns, err := n.get(ctx, name(rec))
	if err != nil {
		return "", fmt.Errorf("read Redshift Serverless namespace %s: %w", name(rec), err)
	}
	if role := want.RoleARN; role != "" && aws.ToString(ns.DefaultIamRoleArn) != role {
		return fmt.Sprintf("default IAM role %q, want %s", aws.ToString(ns.DefaultIamRoleArn), role), nil
	}
	return "", nil
}

// Delete implements service.Provider: retried while a workgroup or an
// operation still holds the namespace (ConflictException), without a final
// snapshot (its data goes with it, as the banner says), then waits until it
// is gone. Deleting it also deletes the admin secret Redshift manages.
func (n *Namespace) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	nm := name(rec)
	return deleteAndWait(ctx, env.Wait(), "Redshift Serverless namespace "+nm,
		func() error {
			_, err := n.c.DeleteNamespace(ctx, &redshiftserverless.DeleteNamespaceInput{NamespaceName: aws.String(nm)})
			return err
		},
		func() error { _, err := n.get(ctx, nm); return err })
}

// List implements service.Lister: every namespace, every page; tags are
// read by ARN only for a name that may be the project's.
func (n *Namespace) List(ctx context.Context, _ *plan.Plan) ([]service.Listed, error) {
	var out []service.Listed
	pg := redshiftserverless.NewListNamespacesPaginator(n.c, &redshiftserverless.ListNamespacesInput{})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if unlisted(err) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		for _, ns := range page.Namespaces {
			nm, arn := aws.ToString(ns.NamespaceName), aws.ToString(ns.NamespaceArn)
			out = append(out, service.Listed{Name: nm, Outputs: map[string]string{"name": nm, "arn": arn},
				Tags: func(ctx context.Context) (map[string]string, error) { return tagsOf(ctx, n.c, arn) }})
		}
	}
	return out, nil
}
