package project

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/awserr"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/service/sts"
	"github.com/wireup/wireup/internal/targets"
)

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
	Kinds service.Kinds
	// Probes are the verify probes, for verify.Verifier.
	Probes map[string]service.Probe
	// Targets are the capability rows, for verify.Verifier and the banner.
	Targets targets.Table
	Info    deploy.TargetInfo
	Target  targets.Target
	// Config is the AWS configuration the connection was made with, for
	// the commands that call a service outside the engine (wireup logs).
	Config aws.Config
}

// Env is the plan environment of the connection.
func (c *Connection) Env() plan.Env {
	return plan.Env{Region: c.Info.Region, AccountID: c.Info.Account}
}

// Connect loads the AWS configuration, names the target and asks STS who
// the caller is, so the banner shows the account before anything changes.
func Connect(ctx context.Context, o TargetOptions, getenv func(string) string) (*Connection, error) {
	cfg, err := awsconfig.Load(ctx, awsconfig.Options{Endpoint: o.Endpoint, Region: o.Region, Profile: o.Profile})
	var noProfile *awsconfig.ProfileError
	if errors.As(err, &noProfile) {
		return nil, &cmdutil.FlagError{Err: err}
	}
	if err != nil {
		return nil, err
	}
	endpoint := awsconfig.TargetOf(cfg).Endpoint
	probes := deploy.NewProbes(cfg)
	kinds, err := deploy.NewKinds(cfg)
	if err != nil {
		return nil, err
	}
	table, err := registry.Targets()
	if err != nil {
		return nil, err
	}
	name := o.Target
	if name == "" {
		name = getenv("WIREUP_TARGET")
	}
	tg, err := targetKind(ctx, name, o.Assume, endpoint)
	if err != nil {
		return nil, err
	}
	info := deploy.TargetInfo{Kind: string(tg), Endpoint: endpoint, Region: cfg.Region}
	account, err := sts.Account(ctx, sts.NewClient(cfg))
	if err != nil {
		return nil, awserr.Classify(fmt.Errorf("ask STS who you are: %w", err), awserr.Where{Endpoint: info.Endpoint, Region: info.Region})
	}
	info.Account = account
	return &Connection{Kinds: kinds, Probes: probes, Targets: table, Info: info, Target: tg, Config: cfg}, nil
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
	// Detect bounds itself (targets.DetectTimeout) and retries a
	// transient fault on each probe.
	got, err := targets.Detect(ctx, endpoint, nil)
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
		return "", &awserr.Error{Kind: awserr.KindUnreachable, Err: err}
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
