package deploycmd

import (
	"errors"
	"fmt"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/project"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/statefile"
	"github.com/wireup/wireup/internal/targets"
)

// The rules, in one place:
//
//   - The project's region is wireup.yaml's. AWS_REGION, AWS_DEFAULT_REGION
//     and a profile's region never choose it (a shell exported for another
//     project must not move this one); a note says when they are ignored.
//     --region R elsewhere is an explicit change: deploy and destroy confirm
//     it (a prompt, or --yes), on an emulator as on AWS.
//   - A state that records resources pins the target: every command goes to
//     its endpoint, region and account, with no flag or variable needed. A
//     flag or variable that names another place is refused with the one to
//     pass; --state FILE (a separate state) is the override, and an empty
//     state (after destroy) pins nothing.
//   - deploy and plan, which make the target match the spec, also refuse a
//     deployment in a region the spec no longer names: --region keeps it
//     there, destroy then deploy moves it. status, verify and destroy act
//     where the resources are and say so.
//   - A kind (--target, WIREUP_TARGET) must agree with what answers at the
//     endpoint (project.Connect checks it).

// request is what the command line and the environment ask for.
type request struct {
	endpoint, endpointFrom string // "--endpoint" or "AWS_ENDPOINT_URL"
	kind, kindFrom         string // "--target" or "WIREUP_TARGET"
	region                 string // --region only: the environment's is never used
	envRegion, envFrom     string // AWS_REGION or AWS_DEFAULT_REGION, for the note
	profile                string // --profile or AWS_PROFILE
}

// readRequest collects the request and rejects malformed values before any
// call is made.
func readRequest(o project.TargetOptions, getenv func(string) string) (request, error) {
	r := request{region: o.Region, profile: o.Profile}
	if r.profile == "" {
		r.profile = getenv("AWS_PROFILE")
	}
	switch {
	case o.Endpoint != "":
		r.endpoint, r.endpointFrom = o.Endpoint, "--endpoint"
	case getenv("AWS_ENDPOINT_URL") != "":
		r.endpoint, r.endpointFrom = getenv("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL"
	}
	if r.endpoint != "" {
		if err := awsconfig.CheckEndpoint(r.endpoint); err != nil {
			return r, cmdutil.FlagErrorf("invalid %s %q: %v. Use a URL such as http://127.0.0.1:4566", r.endpointFrom, r.endpoint, err)
		}
	}
	switch {
	case o.Target != "":
		r.kind, r.kindFrom = o.Target, "--target"
	case getenv("WIREUP_TARGET") != "":
		r.kind, r.kindFrom = getenv("WIREUP_TARGET"), "WIREUP_TARGET"
	}
	if r.kind != "" {
		tg, err := targets.Parse(r.kind)
		if err != nil {
			return r, &cmdutil.FlagError{Err: fmt.Errorf("%s: %w", r.kindFrom, err)}
		}
		r.kind = string(tg)
	}
	if r.region != "" {
		if err := spec.Region(r.region); err != nil {
			return r, cmdutil.FlagErrorf("invalid --region %q: %v", r.region, err)
		}
	}
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if v := getenv(k); v != "" {
			r.envRegion, r.envFrom = v, k
			break
		}
	}
	return r, nil
}

// choice is where a command goes.
type choice struct {
	opts project.TargetOptions
	// recorded is the state's target when the state pins it, else nil.
	recorded *deploy.TargetInfo
	// regionChange is the spec's region when the command acts in another
	// one where nothing is deployed yet: deploy and destroy confirm it.
	regionChange string
	notes        []string
}

// where is what choose needs to know about the project.
type where struct {
	project    string
	specRegion string
	state      *deploy.State
	statePath  string // as shown to the user
	// create is set for deploy and plan, which make the target match the
	// spec; status, verify and destroy act on what exists.
	create bool
}

// choose decides the target of a command from the request, the spec and
// the state (the rules are at the top of this file).
func choose(r request, w where) (choice, error) {
	var c choice
	c.opts = project.TargetOptions{Endpoint: r.endpoint, Region: r.region, Profile: r.profile, Target: r.kind}
	if w.state.Deployed() {
		if err := pinned(r, w, &c); err != nil {
			return c, err
		}
	} else {
		if c.opts.Region == "" {
			c.opts.Region = w.specRegion
		} else if c.opts.Region != w.specRegion {
			c.regionChange = w.specRegion
			c.notes = append(c.notes, fmt.Sprintf("wireup.yaml puts %s in %s; --region acts in %s instead", w.project, w.specRegion, c.opts.Region))
		}
		if r.envRegion != "" && r.envRegion != c.opts.Region && r.region == "" {
			c.notes = append(c.notes, fmt.Sprintf("%s=%s is not used: %s's region is %s (wireup.yaml); pass --region %s to act there instead",
				r.envFrom, r.envRegion, w.project, w.specRegion, r.envRegion))
		}
	}
	switch {
	case c.opts.Target == string(targets.AWS) && c.opts.Endpoint != "":
		if r.endpoint == "" {
			return c, cmdutil.FlagErrorf("%s aws names real AWS, but %s is deployed on %s according to %s: drop %s, or pass --state FILE to keep a separate state for AWS",
				r.kindFrom, w.project, c.recorded, w.statePath, r.kindFrom)
		}
		return c, cmdutil.FlagErrorf("%s aws names real AWS, but %s=%s selects an emulator: %s to use AWS, or drop %s",
			r.kindFrom, r.endpointFrom, r.endpoint, dropEndpoint(r.endpointFrom), r.kindFrom)
	case c.opts.Target != "" && c.opts.Target != string(targets.AWS) && c.opts.Endpoint == "":
		return c, cmdutil.FlagErrorf("%s %s needs an endpoint: pass --endpoint URL or set AWS_ENDPOINT_URL", r.kindFrom, c.opts.Target)
	}
	return c, nil
}

// pinned fills c from a state that records resources, refusing a request
// that names another place.
func pinned(r request, w where, c *choice) error {
	rec := w.state.Target
	c.recorded = &rec
	if w.state.Project != "" && w.state.Project != w.project {
		return cmdutil.FlagErrorf("state %s belongs to project %q, not %q: run wireup in that project's directory, or pass --state FILE", w.statePath, w.state.Project, w.project)
	}
	here := fmt.Sprintf("%s is deployed on %s according to %s", w.project, rec, w.statePath)
	separate := func(what string) string {
		return fmt.Sprintf("or pass --state FILE to keep a separate deployment %s", what)
	}

	switch {
	case r.endpoint != "" && !statefile.SameEndpoint(r.endpoint, rec.Endpoint) && rec.Endpoint == "":
		return cmdutil.FlagErrorf("%s, but %s=%s selects an emulator: %s to act on that deployment, %s",
			here, r.endpointFrom, r.endpoint, dropEndpoint(r.endpointFrom), separate("at "+r.endpoint))
	case r.endpoint != "" && !statefile.SameEndpoint(r.endpoint, rec.Endpoint):
		return cmdutil.FlagErrorf("%s, but %s selects %s: %s (wireup then uses the recorded endpoint) or pass --endpoint %s, %s",
			here, r.endpointFrom, r.endpoint, dropEndpoint(r.endpointFrom), rec.Endpoint, separate("at "+r.endpoint))
	case r.endpoint == "" && rec.Endpoint != "":
		c.notes = append(c.notes, fmt.Sprintf("%s: acting there", here))
	}
	// The recorded spelling, so the engine's own check sees the same string.
	c.opts.Endpoint = rec.Endpoint
	c.opts.Assume = rec.Kind

	region := rec.Region
	if region == "" { // a state from before regions were recorded
		region = w.specRegion
	}
	switch {
	case r.region != "" && r.region != region:
		return cmdutil.FlagErrorf("%s, but --region %s selects another region: drop --region (wireup then uses %s), %s",
			here, r.region, region, separate("in "+r.region))
	case r.region == "" && region != w.specRegion && w.create:
		return cmdutil.FlagErrorf("%s, but wireup.yaml now says region %s: pass --region %s to keep deploying there, or run `wireup destroy` first (it removes what is in %s), then deploy to %s",
			here, w.specRegion, region, region, w.specRegion)
	case region != w.specRegion && !w.create:
		c.notes = append(c.notes, fmt.Sprintf("wireup.yaml says region %s, but %s is deployed in %s: acting there (`wireup destroy`, then `wireup deploy`, moves it)", w.specRegion, w.project, region))
	}
	c.opts.Region = region
	if r.envRegion != "" && r.envRegion != region && r.region == "" {
		c.notes = append(c.notes, fmt.Sprintf("%s=%s is not used: %s is deployed in %s (recorded in %s)", r.envFrom, r.envRegion, w.project, region, w.statePath))
	}
	return nil
}

// checkConnected refuses a connection that reached another place than the
// state records: another account (credentials the flags cannot see), or
// an endpoint a profile's endpoint_url chose.
func checkConnected(conn *project.Connection, c choice, project, statePath string) error {
	rec := c.recorded
	if rec == nil {
		return nil
	}
	here := fmt.Sprintf("%s is deployed on %s according to %s", project, rec, statePath)
	if !statefile.SameEndpoint(conn.Info.Endpoint, rec.Endpoint) {
		return cmdutil.FlagErrorf("%s, but the AWS configuration sends requests to %s: remove the profile's endpoint_url, or pass --state FILE to keep a separate deployment there",
			here, conn.Info)
	}
	if rec.Account != "" && conn.Info.Account != rec.Account {
		fix := fmt.Sprintf("use credentials for account %s (--profile NAME or AWS_PROFILE)", rec.Account)
		if rec.Profile != "" && rec.Profile != c.opts.Profile {
			fix = fmt.Sprintf("pass --profile %s (the profile it was deployed with)", rec.Profile)
		}
		return cmdutil.FlagErrorf("%s, but the credentials in use belong to account %s: %s, or pass --state FILE to keep a separate deployment in account %s",
			here, conn.Info.Account, fix, conn.Info.Account)
	}
	return nil
}

// kindConflict turns project's KindConflictError into a usage error that
// names the flag or variable to change.
func kindConflict(err error, r request) error {
	var kc *project.KindConflictError
	if !errors.As(err, &kc) {
		return err
	}
	if kc.Detected == "" {
		return cmdutil.FlagErrorf("%s %s contradicts the endpoint %s: an endpoint is never AWS. Nothing was changed: drop %s", r.kindFrom, kc.Named, kc.Endpoint, r.kindFrom)
	}
	fix := fmt.Sprintf("pass --target %s, or drop --target", kc.Detected)
	if r.kindFrom == "WIREUP_TARGET" {
		fix = fmt.Sprintf("set WIREUP_TARGET=%s, or unset it", kc.Detected)
	}
	return cmdutil.FlagErrorf("%s %s contradicts the endpoint: %s answers as %s. Nothing was changed: %s", r.kindFrom, kc.Named, kc.Endpoint, kc.Detected, fix)
}

func dropEndpoint(from string) string {
	if from == "AWS_ENDPOINT_URL" {
		return "unset AWS_ENDPOINT_URL"
	}
	return "drop " + from
}
