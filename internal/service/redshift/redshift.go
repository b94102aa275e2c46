// Package redshift is Amazon Redshift for wireup: the warehouse a route
// loads into, unloads from or queries the lake with. Its kind is the
// provisioned cluster (redshift.mode: provisioned); the default warehouse,
// Redshift Serverless, is package redshiftserverless's, whose kinds this
// package's planner plans (one catalog service, two modes).
// Deploy creates the warehouse and the role COPY, UNLOAD and Spectrum use;
// the SQL (the table, COPY, UNLOAD, the external schema) ships with the
// generated project and runs through the Redshift Data API (cmd/sql).
package redshift

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshift"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the Redshift resource kinds: the cluster, on a Redshift
// client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	return []service.Provider{NewCluster(redshift.NewFromConfig(cfg))}
}

// Error codes of the provisioned API
// (https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html).
const (
	codeClusterExists   = "ClusterAlreadyExists"
	codeClusterNotFound = "ClusterNotFound"
	codeClusterState    = "InvalidClusterState"
)

// name is the resource a record stands for.
func name(rec *service.Record) string {
	if n := rec.Outputs["name"]; n != "" {
		return n
	}
	return rec.Name
}

// maxCreates bounds the creates of one Ensure: a name in conflict that is
// then not found (a delete finishing between the calls) is created again,
// a few times at most.
const maxCreates = 5
