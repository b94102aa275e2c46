// Package destroycmd implements `wireup destroy`: delete what deploy
// created, in reverse dependency order, then check nothing is left.
package destroycmd

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/cmd/deploycmd"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/s3"
)

// DestroyOptions are the inputs of `wireup destroy`.
type DestroyOptions struct {
	IO      *iostreams.IOStreams
	Factory *cmdutil.Factory
	// Prompter asks the confirmation (the Factory's).
	Prompter cmdutil.Prompter
	Flags    deploycmd.TargetFlags
	Yes      bool
	JSON     bool
}

// NewCmdDestroy returns `wireup destroy`.
func NewCmdDestroy(f *cmdutil.Factory, runF func(context.Context, *DestroyOptions) error) *cobra.Command {
	opts := &DestroyOptions{IO: f.IOStreams, Factory: f, Prompter: f.Prompter}
	cmd := &cobra.Command{
		Use:     "destroy",
		Example: "  wireup destroy\n  wireup destroy --yes --profile prod",
		Short:   "Delete everything deploy created",
		Long: `Destroy deletes the project's resources in reverse dependency order:
mappings, subscriptions, notifications and permissions first, buckets emptied
(all versions), role policies before roles. It works from .wireup/state.json,
and from the wireup:project tag when the state is lost. Afterwards it lists
the target and fails if anything of the project is left.

With s3.forceDestroy: false in wireup.yaml, a bucket that still holds objects
is kept as it is: destroy deletes everything else, says what it kept and how
to remove it, and exits 1: the project is not gone, the bucket is still
its own and the next destroy finds it again, and a script must not take
that for a clean teardown.
An empty bucket is deleted either way. The setting destroy follows is the
one the bucket was deployed with: after changing it, run wireup deploy.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return destroyRun(cmd.Context(), opts)
		},
	}
	opts.Flags.Add(cmd.Flags())
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask before changing a real AWS account")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print progress as JSON events, one per line")
	return cmd
}

func destroyRun(ctx context.Context, opts *DestroyOptions) error {
	s, err := deploycmd.OpenLocked(ctx, opts.Factory, opts.Flags, "destroy")
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := deploy.LoadState(s.State)
	if err != nil {
		return err
	}
	settings := newBucketSettings(s.Plan, st)
	if err := settings.check(); err != nil {
		return err
	}
	s.Banner(opts.IO.ErrOut, "Destroying")
	writeSecrets(opts.IO.ErrOut, s.Plan)
	if err := s.Confirm(ctx, opts.Prompter, opts.IO, opts.Yes, "destroy"); err != nil {
		return err
	}
	v := deploycmd.ViewFor(opts.IO, opts.JSON)
	obs := &deletedView{next: v}
	res, err := s.Engine(obs).Destroy(ctx, s.Plan)
	v.Close()
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("%w: %v", cmdutil.ErrCancel, err)
	}
	// What destroy kept of the data goes to stderr in every mode: it is
	// what the user must act on.
	var kept *deploy.KeptError
	if errors.As(err, &kept) {
		writeKept(opts.IO.ErrOut, s.Plan.Project, s.Conn.Info.String(), kept.Kept, res)
		return cmdutil.ErrSilent
	}
	if err != nil {
		return fmt.Errorf("destroy failed: %w", err)
	}
	if !opts.JSON {
		for _, name := range obs.deletedBuckets() {
			fmt.Fprintln(opts.IO.ErrOut, settings.deletedLine(name))
		}
		fmt.Fprintf(opts.IO.ErrOut, "Nothing of %s is left on %s.\n", s.Plan.Project, s.Conn.Info)
	}
	return nil
}

// bucketSettings is the s3.forceDestroy of each bucket: the one destroy
// follows (recorded at deploy, see s3.ForceDestroy) and the one wireup.yaml
// holds now.
type bucketSettings struct {
	recorded map[string]bool // bucket name → forceDestroy, from the state
	planned  map[string]string
	project  string // the plan's bucket's setting, for a bucket of an older spec
}

func newBucketSettings(p *plan.Plan, st *deploy.State) *bucketSettings {
	b := &bucketSettings{recorded: map[string]bool{}, planned: map[string]string{}}
	for _, r := range p.Resources {
		if r.Kind == plan.KindBucket && r.Settings["forceDestroy"] != "" {
			b.planned[r.Name], b.project = r.Settings["forceDestroy"], r.Settings["forceDestroy"]
		}
	}
	for _, rec := range st.Resources {
		if rec.Kind == string(plan.KindBucket) {
			b.recorded[rec.Name] = s3.ForceDestroy(rec)
		}
	}
	return b
}

// plannedFor returns the setting wireup.yaml gives the bucket, or "".
func (b *bucketSettings) plannedFor(name string) string { return cmp.Or(b.planned[name], b.project) }

// check refuses to start when destroy would empty a bucket that
// wireup.yaml now says to keep: the state records s3.forceDestroy: true
// from the deploy, and the new false has not been deployed yet.
func (b *bucketSettings) check() error {
	var names []string
	for name, force := range b.recorded {
		if force && b.plannedFor(name) == "false" {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	return cmdutil.FlagErrorf("destroy would delete whatever objects bucket %s holds: it was deployed with s3.forceDestroy: true, and the false now in wireup.yaml takes effect at the next deploy. "+
		"Run `wireup deploy` to apply it, then `wireup destroy` (which then keeps the bucket while it holds objects); nothing was deleted", strings.Join(names, ", "))
}

// deletedLine says what destroy did with the objects of a bucket it
// deleted.
func (b *bucketSettings) deletedLine(name string) string {
	force, ok := b.recorded[name]
	if !ok {
		force = b.plannedFor(name) != "false"
	}
	if force {
		return fmt.Sprintf("Deleted bucket %s with its objects (s3.forceDestroy: true).", name)
	}
	return fmt.Sprintf("Deleted bucket %s: it was empty (s3.forceDestroy: false keeps a bucket only while it holds objects).", name)
}

// writeKept says what destroy kept, why and how to remove it.
func writeKept(w io.Writer, project, target string, kept []deploy.Kept, res *deploy.Result) {
	for _, k := range kept {
		fmt.Fprintf(w, "Kept %s %s on %s: %s, as wireup.yaml asks. %s.\n", kindName(k.Kind), k.Name, target, k.Why, k.Remedy)
	}
	deleted := 0
	if res != nil {
		deleted = res.Counts.Deleted
	}
	// The kept bucket keeps its tags (and its record, when the state had
	// one), so the next destroy finds it again.
	if deleted == 0 {
		fmt.Fprintf(w, "Nothing else of %s was there to delete; what was kept is still the project's, for the next `wireup destroy`.\n", project)
		return
	}
	fmt.Fprintf(w, "Deleted the other %d resources of %s destroy found; what was kept is still the project's, for the next `wireup destroy`.\n", deleted, project)
}

// deletedView passes the engine's events on to the progress view and
// notes the buckets deleted, for the summary.
type deletedView struct {
	next    deploy.Observer
	mu      sync.Mutex
	deleted []string
}

func (v *deletedView) Event(e deploy.Event) {
	if e.Op == deploy.OpDelete && e.Kind == string(plan.KindBucket) && e.Type == deploy.EventDone {
		v.mu.Lock()
		v.deleted = append(v.deleted, e.Name)
		v.mu.Unlock()
	}
	v.next.Event(e)
}

// kindName is a resource kind for a sentence: "s3.bucket" → "bucket".
func kindName(kind string) string {
	if _, after, ok := strings.Cut(kind, "."); ok {
		return after
	}
	return kind
}

func (v *deletedView) deletedBuckets() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]string(nil), v.deleted...)
}

// writeSecrets says, before destroy asks, that the project's secrets go
// at once: Secrets Manager's recovery window would keep the name taken
// and the secret billed.
func writeSecrets(w io.Writer, p *plan.Plan) {
	for _, r := range p.Resources {
		switch {
		case r.Kind == plan.KindSecret && r.Settings["valueEnv"] != "":
			fmt.Fprintf(w, "Secret %s is deleted at once, without a recovery window (ForceDeleteWithoutRecovery); the next deploy stores %s in it again.\n", r.Name, r.Settings["valueEnv"])
		case r.Kind == plan.KindSecret:
			fmt.Fprintf(w, "Secret %s is deleted at once, without a recovery window (ForceDeleteWithoutRecovery): its value cannot be restored; the next deploy makes a new one.\n", r.Name)
		}
	}
}
