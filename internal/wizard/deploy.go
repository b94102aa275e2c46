package wizard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/charmbracelet/huh"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/wizard/field"
)

// LocalStackEndpoint is the endpoint LocalStack listens on by default.
const LocalStackEndpoint = "http://localhost:4566"

// DeployTarget says where to deploy: an emulator endpoint, or AWS through a
// named profile (empty: the default credential chain).
type DeployTarget struct {
	Endpoint string
	Profile  string
}

// Flags renders the target as `wireup deploy` flags.
func (t DeployTarget) Flags() string {
	switch {
	case t.Endpoint != "":
		return "--endpoint " + t.Endpoint
	case t.Profile != "":
		return "--profile " + t.Profile
	}
	return ""
}

// DeployFunc deploys the generated project in dir and verifies it, showing
// its own progress. It is the seam to `wireup deploy`.
type DeployFunc func(ctx context.Context, dir string, target DeployTarget) error

const (
	deployNo         = "no"
	deployLocal      = "localstack"
	deployEndpoint   = "endpoint"
	deployProfile    = "profile"
	deployAWSDefault = "aws"
	deployEnv        = "env"
)

// buildDeployForm asks whether to deploy the generated project now, and
// where. The default is no: deploying to AWS costs money. With
// AWS_ENDPOINT_URL set (env), every command sends its requests there, so
// the menu offers that endpoint instead of LocalStack and AWS, and says
// how to reach AWS: the words match where the deploy goes.
func buildDeployForm(dir, env string) (*huh.Form, *string) {
	v := new(string)
	*v = deployNo
	opts := []huh.Option[string]{huh.NewOption("No, not now", deployNo)}
	if env != "" {
		opts = append(opts,
			huh.NewOption("Yes, to "+env+" (AWS_ENDPOINT_URL)", deployEnv),
			huh.NewOption("Yes, to another endpoint (an emulator URL)", deployEndpoint))
	} else {
		opts = append(opts,
			huh.NewOption("Yes, to LocalStack at "+LocalStackEndpoint, deployLocal),
			huh.NewOption("Yes, to another endpoint (an emulator URL)", deployEndpoint),
			huh.NewOption("Yes, to AWS with a named profile", deployProfile),
			huh.NewOption("Yes, to AWS with the default credentials", deployAWSDefault))
	}
	return huh.NewForm(huh.NewGroup(field.NewChoice("Deploy "+displayDir(dir)+" now?", v, opts...))).WithKeyMap(field.KeyMap()), v
}

// buildEndpointForm asks for an emulator endpoint URL, pre-filled with
// AWS_ENDPOINT_URL when it is set, else LocalStack's.
func buildEndpointForm(env string) (*huh.Form, *string, func()) {
	v := new(string)
	*v = LocalStackEndpoint
	if env != "" {
		*v = env
	}
	// An empty answer keeps the pre-filled URL (accessible mode reads the
	// answer without it).
	in, keep := field.LiveInput("Endpoint URL", v, EndpointURL)
	return huh.NewForm(huh.NewGroup(in)).WithKeyMap(field.KeyMap()), v, keep
}

// buildProfileForm asks for an AWS profile name.
func buildProfileForm() (*huh.Form, *string) {
	v := new(string)
	in := huh.NewInput().Title("AWS profile").Description("A profile in ~/.aws/config.").Value(v).Validate(ProfileName)
	return huh.NewForm(huh.NewGroup(in)).WithKeyMap(field.KeyMap()), v
}

// EndpointURL checks an emulator endpoint: an absolute http or https URL
// with a host, by the rule `wireup deploy --endpoint` applies.
func EndpointURL(s string) error {
	if awsconfig.CheckEndpoint(s) != nil {
		return errors.New("must be an http or https URL such as " + LocalStackEndpoint)
	}
	return nil
}

var profileRe = regexp.MustCompile(`^[A-Za-z0-9_.@+=,-]+$`)

// ProfileName checks an AWS shared-config profile name.
func ProfileName(s string) error {
	if !profileRe.MatchString(s) {
		return errors.New("must be a profile name from ~/.aws/config: letters, digits and _ . @ + = , -")
	}
	return nil
}

// AskDeploy is the wizard's last step, after the project is generated in
// dir: it asks whether and where to deploy, and runs deploy. Without a
// deploy function (`wireup deploy` not wired in yet) it asks nothing: an
// offer it could not keep would only mislead; the caller prints the next
// steps. It returns the chosen target, or nil for "not now".
func AskDeploy(ctx context.Context, p Params, dir string, deploy DeployFunc) (*DeployTarget, error) {
	if deploy == nil {
		return nil, nil
	}
	out := p.Out
	if out == nil {
		out = io.Discard
	}
	if p.EnvEndpoint != "" {
		fmt.Fprintln(out, field.Wrap("AWS_ENDPOINT_URL is set: deploys go to "+p.EnvEndpoint+". For AWS, unset it, then run `wireup deploy --profile NAME` in "+displayDir(dir)+".", lineWidth, ""))
	}
	form, choice := buildDeployForm(dir, p.EnvEndpoint)
	if err := p.Prompter.Run(ctx, form); err != nil {
		return nil, err
	}
	var t DeployTarget
	switch *choice {
	case deployNo:
		if p.EnvEndpoint != "" {
			fmt.Fprintf(out, "Deploy later: cd %s && wireup deploy  (to %s, from AWS_ENDPOINT_URL)\n", dir, p.EnvEndpoint)
		} else {
			fmt.Fprintf(out, "Deploy later: cd %s && wireup deploy --endpoint %s  (or --profile NAME for AWS)\n", dir, LocalStackEndpoint)
		}
		return nil, nil
	case deployEnv:
		t.Endpoint = p.EnvEndpoint
	case deployLocal:
		t.Endpoint = LocalStackEndpoint
	case deployEndpoint:
		form, v, keep := buildEndpointForm(p.EnvEndpoint)
		if err := p.Prompter.Run(ctx, form); err != nil {
			return nil, err
		}
		keep()
		t.Endpoint = *v
	case deployProfile:
		form, v := buildProfileForm()
		if err := p.Prompter.Run(ctx, form); err != nil {
			return nil, err
		}
		t.Profile = *v
	}
	fmt.Fprintf(out, "Deploying %s: wireup deploy %s\n", dir, t.Flags())
	return &t, deploy(ctx, dir, t)
}
