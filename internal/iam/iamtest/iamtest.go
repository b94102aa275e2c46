// Package iamtest checks IAM policy builders the same way wherever they
// live: internal/iam's application policies and the roles and resource
// policies of the service packages (internal/service/<id>/iam.go). Each
// case is built in every partition and must keep the package's promises
// (checked here independently of iam.Validate, so that a bug there cannot
// hide a bad policy) and, in the partitions it pins, render byte for byte
// as its golden file testdata/PARTITION/CASE.json.
package iamtest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/iam"
)

// Output is what every builder returns: an iam.Role, iam.Policy or
// iam.ResourcePolicy.
type Output interface {
	JSON() ([]byte, error)
	Validate(iam.Env) error
}

// Case is one builder call, parameterized by Env so that it runs in every
// partition.
type Case struct {
	Name  string
	Build func(iam.Env) (Output, error)
	// AllPartitions pins the aws-cn and aws-us-gov output in golden files
	// too; every case is checked for invariants in every partition.
	AllPartitions bool
}

// Envs returns one test environment per partition.
func Envs() []iam.Env {
	return []iam.Env{
		iam.EnvFor("us-east-1", "123456789012"),
		iam.EnvFor("cn-north-1", "123456789012"),
		iam.EnvFor("us-gov-west-1", "123456789012"),
	}
}

// KeyARN returns a customer managed key in env.
func KeyARN(env iam.Env) string {
	return fmt.Sprintf("arn:%s:kms:%s:%s:key/1234abcd-12ab-34cd-56ef-1234567890ab", env.Partition, env.Region, env.AccountID)
}

// Role, Policy and ResourcePolicy adapt a builder's results to a Case's
// Build.
func Role(r iam.Role, err error) (Output, error) { return r, err }

// Policy adapts an identity policy builder's results (see [Role]).
func Policy(p iam.Policy, err error) (Output, error) { return p, err }

// ResourcePolicy adapts a resource policy builder's results (see [Role]).
func ResourcePolicy(r iam.ResourcePolicy, err error) (Output, error) { return r, err }

// Err returns a builder's error, for tables of rejected inputs.
func Err[T any](_ T, err error) error { return err }

// partitions are the golden directories under testdata.
var partitions = []string{iam.PartitionAWS, iam.PartitionChina, iam.PartitionGov}

// Golden renders every case and compares it byte for byte with
// testdata/PARTITION/CASE.json of the calling package, reporting missing,
// extra and changed files. With update it rewrites them instead: the
// package's test passes its -update flag.
func Golden(t *testing.T, cases []Case, update bool) {
	t.Helper()
	want := map[string][]byte{} // path → rendered output
	for _, env := range Envs() {
		for _, c := range cases {
			if env.Partition != iam.PartitionAWS && !c.AllPartitions {
				continue
			}
			out, err := c.Build(env)
			if err != nil {
				t.Fatalf("%s/%s: %v", env.Partition, c.Name, err)
			}
			b, err := out.JSON()
			if err != nil {
				t.Fatalf("%s/%s: %v", env.Partition, c.Name, err)
			}
			want[filepath.Join("testdata", env.Partition, c.Name+".json")] = b
		}
	}

	have := map[string][]byte{}
	for _, p := range partitions {
		err := filepath.WalkDir(filepath.Join("testdata", p), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(path) != ".json" {
				return err
			}
			b, err := os.ReadFile(path)
			have[path] = b
			return err
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}

	if update {
		for path := range have {
			if _, ok := want[path]; !ok {
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
			}
		}
		for path, b := range want {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}

	for _, path := range sortedKeys(want) {
		got, ok := have[path]
		switch {
		case !ok:
			t.Errorf("missing golden file %s (run go test -update in this package)", path)
		case !bytes.Equal(got, want[path]):
			t.Errorf("%s changed (-golden +got):\n%s", path, cmp.Diff(string(got), string(want[path])))
		}
	}
	for _, path := range sortedKeys(have) {
		if _, ok := want[path]; !ok {
			t.Errorf("extra golden file %s: no case produces it", path)
		}
	}
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
