package iam

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files from the builders' output")

// TestGolden renders every case and compares it byte for byte with
// testdata/PARTITION/CASE.json, reporting missing, extra and changed files.
// Run `go test ./internal/iam -update` to accept new output.
func TestGolden(t *testing.T) {
	want := map[string][]byte{} // path → rendered output
	for _, env := range testEnvs {
		for _, c := range allCases() {
			if env.Partition != PartitionAWS && !goldenInOtherPartitions[c.name] {
				continue
			}
			out, err := c.build(env)
			if err != nil {
				t.Fatalf("%s/%s: %v", env.Partition, c.name, err)
			}
			b, err := out.JSON()
			if err != nil {
				t.Fatalf("%s/%s: %v", env.Partition, c.name, err)
			}
			want[filepath.Join("testdata", env.Partition, c.name+".json")] = b
		}
	}

	have := map[string][]byte{}
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
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

	if *update {
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
			t.Errorf("missing golden file %s (run go test ./internal/iam -update)", path)
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
	sort.Strings(keys)
	return keys
}
