package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	pb "github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/routeguidepb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/routeguide"
)

func TestRouteGuideTourMakesTheFourCalls(t *testing.T) {
	matchLines(t, mustRun(t, "routeguide"),
		`routeguide\.RouteGuide/GetFeature\(409146138, -746188906\) -> "Berkshire Valley Management Area Trail, Jefferson, NJ, USA"`,
		`routeguide\.RouteGuide/GetFeature\(0, 0\) -> ""`,
		`routeguide\.RouteGuide/ListFeatures\(\(400000000, -750000000\), \(420000000, -730000000\)\) -> 64 features, first "Patriots Path, Mendham, NJ 07945, USA" at \(407838351, -746143763\)`,
		// 14546 m + 18327 m + 8701701 m by the haversine formula, computed independently.
		`routeguide\.RouteGuide/RecordRoute\(4 points\) -> 4 points, 3 features, 8734574 metres, [0-9]+ s`,
		// Notes are shared by every client of the server: at least our own first three come back.
		`routeguide\.RouteGuide/RouteChat\(6 notes\) -> [0-9]+ notes back, last "[A-Z][a-z]+ message" at \(0, [123]\)`,
	)
}

func TestRouteGuideRefusesCoordinatesOffTheGlobe(t *testing.T) {
	cc, err := grpc.NewClient(server.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	client := routeguide.New(cc, 10*time.Second)
	_, err = client.GetFeature(context.Background(), routeguide.Point(900000001, 0))
	if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "point.latitude 900000001") {
		t.Errorf("GetFeature off the globe: %v, want INVALID_ARGUMENT naming point.latitude", err)
	}
	_, err = client.RecordRoute(context.Background(), []*pb.Point{routeguide.Point(0, 0), routeguide.Point(0, -1800000001)})
	if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "point 1.longitude") {
		t.Errorf("RecordRoute off the globe: %v, want INVALID_ARGUMENT naming point 1.longitude", err)
	}
}
