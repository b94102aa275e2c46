// Command lakecheck is a stand-in check of a data lake table: it reads the
// Glue table's definition from the target, downloads the objects under
// its location, checks their keys against the partition projection and
// reads them with DuckDB as the table declares them. It is evidence, not
// verification: a passing check says the data and the table agree under
// DuckDB's rules, never that Athena returned a row (see Proves).
//
// It is a module of its own because DuckDB needs cgo; wireup's binary
// stays pure Go.
//
//	go run . -database demo_db -table events -canary wireup-canary-…
package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func main() { os.Exit(run()) }

func run() int {
	database := flag.String("database", "", "Glue database")
	table := flag.String("table", "", "Glue table")
	canary := flag.String("canary", "", "an id the data must hold (empty: none)")
	maxObjects := flag.Int("max-objects", 100, "read at most this many objects")
	region := flag.String("region", cmp.Or(os.Getenv("AWS_REGION"), "us-east-1"), "the table's Region")
	flag.Parse()
	if *database == "" || *table == "" {
		fmt.Fprintln(os.Stderr, "lakecheck: -database and -table are required")
		return 2
	}
	ctx := context.Background()
	opts := []func(*config.LoadOptions) error{config.WithRegion(*region)}
	if os.Getenv("AWS_ENDPOINT_URL") != "" && os.Getenv("AWS_ACCESS_KEY_ID") == "" && os.Getenv("AWS_PROFILE") == "" {
		// On an emulator without credentials: the test ones every
		// emulator accepts, as the generated projects do.
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("test", "test", "")))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lakecheck: %v\n", err)
		return 1
	}
	rep, err := checkTarget(ctx, cfg, *database, *table, *canary, *maxObjects)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lakecheck: %v\n", err)
		return 1
	}
	fmt.Println(rep)
	fmt.Println("proves: " + Proves)
	if *canary != "" && !rep.Canary {
		return 1
	}
	return 0
}

// checkTarget reads the table and its objects from the target and checks
// them.
func checkTarget(ctx context.Context, cfg aws.Config, database, name, canary string, maxObjects int) (*Report, error) {
	got, err := glue.NewFromConfig(cfg).GetTable(ctx, &glue.GetTableInput{DatabaseName: aws.String(database), Name: aws.String(name)})
	if err != nil {
		return nil, fmt.Errorf("read table %s.%s: %w", database, name, err)
	}
	t := tableOf(got)
	bucket, prefix, _ := strings.Cut(strings.TrimPrefix(t.Location, "s3://"), "/")
	// Emulators need path-style addressing.
	c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = os.Getenv("AWS_ENDPOINT_URL") != "" })
	dir, err := os.MkdirTemp("", "lakecheck-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var files []string
	pg := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for pg.HasMorePages() && len(files) < maxObjects {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list s3://%s/%s: %w", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			if err := KeyFits(t, key); err != nil {
				return nil, err
			}
			f, err := download(ctx, c, bucket, key, filepath.Join(dir, fmt.Sprintf("%04d.json", len(files))))
			if err != nil {
				return nil, err
			}
			files = append(files, f)
			if len(files) == maxObjects {
				break
			}
		}
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return Check(ctx, db, t, files, canary)
}

// tableOf is the part of a Glue table the check reads.
func tableOf(got *glue.GetTableOutput) Table {
	gt := got.Table
	t := Table{Database: aws.ToString(gt.DatabaseName), Name: aws.ToString(gt.Name), Template: gt.Parameters["storage.location.template"]}
	for k, v := range gt.Parameters {
		if strings.HasPrefix(k, "projection.") && strings.HasSuffix(k, ".format") {
			t.Format = v
		}
	}
	if sd := gt.StorageDescriptor; sd != nil {
		t.Location = aws.ToString(sd.Location)
		if sd.SerdeInfo != nil {
			t.SerDe = aws.ToString(sd.SerdeInfo.SerializationLibrary)
		}
		for _, c := range sd.Columns {
			t.Columns = append(t.Columns, Column{Name: aws.ToString(c.Name), Type: aws.ToString(c.Type)})
		}
	}
	return t
}

// download writes an object to path, unpacked when it is gzip (sniffed
// from its first bytes: moto writes uncompressed objects, AWS gzip ones).
func download(ctx context.Context, c *s3.Client, bucket, key, path string) (string, error) {
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return "", fmt.Errorf("get s3://%s/%s: %w", bucket, key, err)
	}
	defer out.Body.Close()
	body, err := io.ReadAll(io.LimitReader(out.Body, 64<<20))
	if err != nil {
		return "", fmt.Errorf("get s3://%s/%s: %w", bucket, key, err)
	}
	if bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return "", fmt.Errorf("gunzip s3://%s/%s: %w", bucket, key, err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			return "", errors.Join(fmt.Errorf("gunzip s3://%s/%s", bucket, key), err)
		}
	}
	return path, os.WriteFile(path, body, 0o600)
}
