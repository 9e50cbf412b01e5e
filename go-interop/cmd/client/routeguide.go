package main

import (
	"context"
	"fmt"
	"strings"

	pb "github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/routeguidepb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/routeguide"
)

// The route guide tour: the official clients' four calls with fixed input, so that the Java, Python
// and Go clients print the same lines (docs/routeguide.md).
var (
	tourKnownPoint = routeguide.Point(409146138, -746188906) // Berkshire Valley trail
	tourLo         = routeguide.Point(400000000, -750000000)
	tourHi         = routeguide.Point(420000000, -730000000)
	tourRoute      = []*pb.Point{
		tourKnownPoint,
		routeguide.Point(407838351, -746143763), // Patriots Path, Mendham
		routeguide.Point(408122808, -743999179), // Whippany
		routeguide.Point(0, 0),                  // nothing there
	}
	tourNotes = []*pb.RouteNote{
		routeguide.Note(routeguide.Point(0, 1), "First message"),
		routeguide.Note(routeguide.Point(0, 2), "Second message"),
		routeguide.Note(routeguide.Point(0, 3), "Third message"),
		routeguide.Note(routeguide.Point(0, 1), "Fourth message"),
		routeguide.Note(routeguide.Point(0, 2), "Fifth message"),
		routeguide.Note(routeguide.Point(0, 3), "Sixth message"),
	}
)

// routeguideMode runs the four route guide calls, one line each.
func routeguideMode(ctx context.Context, s *session) int {
	client := routeguide.New(s.cc, s.deadline)
	for _, p := range []*pb.Point{tourKnownPoint, routeguide.Point(0, 0)} {
		s.call(fmt.Sprintf("routeguide.RouteGuide/GetFeature%s", routeguide.Format(p)), func() (any, error) {
			feature, err := client.GetFeature(ctx, p)
			return fmt.Sprintf("%q", feature.GetName()), err
		})
	}
	s.call(fmt.Sprintf("routeguide.RouteGuide/ListFeatures(%s, %s)", routeguide.Format(tourLo), routeguide.Format(tourHi)),
		func() (any, error) {
			features, err := client.ListFeatures(ctx, tourLo, tourHi)
			if err != nil || len(features) == 0 {
				return "0 features", err
			}
			return fmt.Sprintf("%d features, first %q at %s", len(features), features[0].GetName(),
				routeguide.Format(features[0].GetLocation())), nil
		})
	s.call(fmt.Sprintf("routeguide.RouteGuide/RecordRoute(%d points)", len(tourRoute)), func() (any, error) {
		summary, err := client.RecordRoute(ctx, tourRoute)
		return fmt.Sprintf("%d points, %d features, %d metres, %d s", summary.GetPointCount(),
			summary.GetFeatureCount(), summary.GetDistance(), summary.GetElapsedTime()), err
	})
	s.call(fmt.Sprintf("routeguide.RouteGuide/RouteChat(%d notes)", len(tourNotes)), func() (any, error) {
		received, err := client.RouteChat(ctx, tourNotes)
		return formatNotes(received), err
	})
	return s.takeFailures()
}

// formatNotes prints how many notes came back and the last one (others' notes pile up).
func formatNotes(notes []*pb.RouteNote) string {
	if len(notes) == 0 {
		return "0 notes back"
	}
	last := notes[len(notes)-1]
	return strings.TrimSpace(fmt.Sprintf("%d notes back, last %q at %s", len(notes), last.GetMessage(),
		routeguide.Format(last.GetLocation())))
}
