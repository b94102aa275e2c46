package deploy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// Project is a generated project on disk: its spec and directory.
type Project struct {
	Dir  string
	Spec *spec.Spec
}

// LoadProject reads the spec at path, or wireup.yaml in the current
// directory when path is empty, and validates it.
func LoadProject(c *catalog.Catalog, path string) (*Project, error) {
	if path == "" {
		path = spec.FileName
	}
	s, err := spec.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) || errorsIsNotExist(err) {
			return nil, fmt.Errorf("no %s here: run the command in a project directory made by `wireup new`, or pass --spec PATH", spec.FileName)
		}
		return nil, err
	}
	if err := spec.Validate(c, s); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	return &Project{Dir: abs, Spec: s}, nil
}

func errorsIsNotExist(err error) bool {
	for e := err; e != nil; {
		if os.IsNotExist(e) {
			return true
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		e = u.Unwrap()
	}
	return false
}

// StatePath is the project's state file.
func (p *Project) StatePath() string { return filepath.Join(p.Dir, StateFile) }

// Build compiles the project's Lambda handlers named by the plan.
func (p *Project) Build(ctx context.Context, pl *plan.Plan) (map[string][]byte, error) {
	pkgs := map[string]string{}
	for _, r := range pl.Resources {
		if r.Kind == plan.KindFunction {
			pkgs[r.ID] = r.Settings["package"]
		}
	}
	return BuildFunctions(ctx, p.Dir, pkgs)
}

// TargetOptions select the target: flags first, then the environment.
type TargetOptions struct {
	Endpoint string // --endpoint; AWS_ENDPOINT_URL otherwise
	Region   string
	Profile  string
	Target   string // --target; WIREUP_TARGET otherwise; detected from the endpoint last
}

// Connection is a target ready for the engine.
type Connection struct {
	Kinds   service.Kinds
	Clients *Clients
	Info    TargetInfo
	Target  targets.Target
}

// Env is the plan environment of the connection.
func (c *Connection) Env() plan.Env {
	return plan.Env{Region: c.Info.Region, AccountID: c.Info.Account}
}

// Connect loads the AWS configuration, names the target and asks STS who
// the caller is, so the banner shows the account before anything changes.
func Connect(ctx context.Context, o TargetOptions, getenv func(string) string) (*Connection, error) {
	cfg, err := awsconfig.Load(ctx, awsconfig.Options{Endpoint: o.Endpoint, Region: o.Region, Profile: o.Profile})
	if err != nil {
		return nil, err
	}
	c := NewClients(cfg)
	kinds, err := NewKinds(cfg)
	if err != nil {
		return nil, err
	}
	name := o.Target
	if name == "" {
		name = getenv("WIREUP_TARGET")
	}
	var tg targets.Target
	switch {
	case name != "":
		if tg, err = targets.Parse(name); err != nil {
			return nil, err
		}
		if c.Endpoint == "" && tg != targets.AWS {
			return nil, fmt.Errorf("target %s needs an endpoint: pass --endpoint or set AWS_ENDPOINT_URL", tg)
		}
	default:
		dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		tg, err = targets.Detect(dctx, c.Endpoint, nil)
		cancel()
		if err != nil {
			return nil, err
		}
	}
	info := TargetInfo{Kind: string(tg), Endpoint: c.Endpoint, Region: c.Region}
	id, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, Classify(fmt.Errorf("ask STS who you are: %w", err), info)
	}
	info.Account = *id.Account
	return &Connection{Kinds: kinds, Clients: c, Info: info, Target: tg}, nil
}
