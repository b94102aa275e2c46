package deploy

import (
	"context"
	"errors"
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
	// Assume is the kind to take when the endpoint answers as no emulator
	// wireup recognizes and Target is empty: the kind the state recorded.
	// Detection, when it can tell, always wins over it.
	Assume string
}

// Connection is a target ready for the engine.
type Connection struct {
	Kinds   service.Kinds
	Clients *Clients
	// Probes are the verify probes, for Engine.Probes.
	Probes map[string]service.Probe
	Info   TargetInfo
	Target targets.Target
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
	probes := NewProbes(cfg)
	kinds, err := NewKinds(cfg)
	if err != nil {
		return nil, err
	}
	name := o.Target
	if name == "" {
		name = getenv("WIREUP_TARGET")
	}
	tg, err := targetKind(ctx, name, o.Assume, c.Endpoint)
	if err != nil {
		return nil, err
	}
	info := TargetInfo{Kind: string(tg), Endpoint: c.Endpoint, Region: c.Region}
	id, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, Classify(fmt.Errorf("ask STS who you are: %w", err), info)
	}
	info.Account = *id.Account
	return &Connection{Kinds: kinds, Clients: c, Probes: probes, Info: info, Target: tg}, nil
}

// targetKind names the target at endpoint. Detection decides whenever it
// can tell, and a named kind it contradicts is an error: recording "kumo"
// for resources on moto would make every later command misread them. The
// name, or else assume, covers an endpoint that answers as no emulator
// wireup recognizes (a proxy in front of one).
func targetKind(ctx context.Context, name, assume, endpoint string) (targets.Target, error) {
	var want targets.Target
	if name != "" {
		var err error
		if want, err = targets.Parse(name); err != nil {
			return "", err
		}
		if endpoint == "" && want != targets.AWS {
			return "", fmt.Errorf("target %s needs an endpoint: pass --endpoint or set AWS_ENDPOINT_URL", want)
		}
	}
	if endpoint == "" {
		return targets.AWS, nil
	}
	if want == targets.AWS {
		return "", &KindConflictError{Named: want, Endpoint: endpoint}
	}
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	got, err := targets.Detect(dctx, endpoint, nil)
	cancel()
	switch {
	case err == nil && want != "" && got != want:
		return "", &KindConflictError{Named: want, Detected: got, Endpoint: endpoint}
	case err == nil:
		return got, nil
	case want != "":
		// An endpoint that does not answer fails at the STS call, which
		// classifies the failure.
		return want, nil
	case errors.Is(err, targets.ErrUnrecognized) && assume != "":
		return targets.Parse(assume)
	case errors.Is(err, targets.ErrUnreachable):
		return "", &Error{Kind: KindUnreachable, Err: err}
	}
	return "", err
}

// KindConflictError is a target kind (--target, WIREUP_TARGET) that the
// endpoint contradicts.
type KindConflictError struct {
	Named targets.Target
	// Detected is what the endpoint answers as; empty when Named is aws,
	// which no endpoint is.
	Detected targets.Target
	Endpoint string
}

func (e *KindConflictError) Error() string {
	if e.Detected == "" {
		return fmt.Sprintf("target %s, but requests would go to the endpoint %s", e.Named, e.Endpoint)
	}
	return fmt.Sprintf("target %s, but %s answers as %s", e.Named, e.Endpoint, e.Detected)
}
