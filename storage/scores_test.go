package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/storage/storagetest"
)

// TestCorruptStoredScoresAreAnError: scores read back as they were saved
// (unrated as 0); a stored value that is not what the store writes — not
// JSON, not a list, a score out of range, a 0 where unrated is null — is
// an internal error, on both engines, never read as zeros that would
// quietly skew a group's aggregates.
func TestCorruptStoredScoresAreAnError(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		storage.SearchWorld(t, db)
		if err := storage.Exec(ctx, db, "INSERT INTO meetings (id, group_id, number, title, minutes, state) VALUES (1, 1, 1, 'Tapaaminen', 90, 'ended')"); err != nil {
			t.Fatal(err)
		}
		at := time.Unix(1790000000, 0)
		if err := db.SaveAssessment(ctx, session.AssessmentAnswer{MeetingID: 1, PersonID: 2, Scores: []int{3, 0, 5}, At: at}); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveFeedback(ctx, 1, 2, 0, "sana", at); err != nil {
			t.Fatal(err)
		}
		as, err := db.Assessments(ctx, 1)
		if err != nil || len(as) != 1 || !slices.Equal(as[0].Scores, []int{3, 0, 5}) {
			t.Fatalf("assessments = %+v, %v", as, err)
		}
		fb, err := db.Feedback(ctx, 1)
		if err != nil || len(fb) != 1 || fb[0].Score != 0 || fb[0].Word != "sana" {
			t.Fatalf("feedback = %+v, %v", fb, err)
		}

		for _, bad := range []string{"", "kolme", "{\"a\": 1}", "3", "null", "[3, 9]", "[0, 5]", "[-1]", "[2.5]", "[\"3\"]"} {
			if err := storage.Exec(ctx, db, "UPDATE assessment_answers SET scores = ?", bad); err != nil {
				t.Fatal(err)
			}
			as, err := db.Assessments(ctx, 1)
			if err == nil {
				t.Errorf("scores %q read as %+v", bad, as)
				continue
			}
			if code := session.ErrorCode(err); code != session.EInternal {
				t.Errorf("scores %q: %s, want internal", bad, code)
			}
		}
		if err := storage.Exec(ctx, db, "UPDATE assessment_answers SET scores = '[null, 1, 5]'"); err != nil {
			t.Fatal(err)
		}
		if as, err := db.Assessments(ctx, 1); err != nil || !slices.Equal(as[0].Scores, []int{0, 1, 5}) {
			t.Fatalf("mended scores = %+v, %v", as, err)
		}
	})
}

// TestCorruptShareDateIsAnError: a decision's day reads back as stored,
// none as zero; a stored day that is not a date is an error, not a
// decision "made before the day was asked".
func TestCorruptShareDateIsAnError(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		storage.SearchWorld(t, db)
		day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		for _, when := range []time.Time{day, {}} {
			sh := &session.Share{GroupID: 1, What: "Kokemuksia", Audience: session.AudienceReaders, How: session.HowTraining, When: when, CreatedBy: 1, CreatedAt: day}
			if err := db.CreateShare(ctx, sh); err != nil {
				t.Fatal(err)
			}
		}
		shs, err := db.Shares(ctx, 1)
		if err != nil || len(shs) != 2 {
			t.Fatalf("shares = %+v, %v", shs, err)
		}
		days := []time.Time{shs[0].When, shs[1].When}
		if !slices.ContainsFunc(days, day.Equal) || !slices.ContainsFunc(days, time.Time.IsZero) {
			t.Fatalf("days read back: %v", days)
		}
		if err := storage.Exec(ctx, db, "UPDATE shares SET share_on = '1.12.2026' WHERE share_on != ''"); err != nil {
			t.Fatal(err)
		}
		if shs, err := db.Shares(ctx, 1); session.ErrorCode(err) != session.EInternal {
			t.Fatalf("a corrupt day read as %+v, %v", shs, err)
		}
	})
}
