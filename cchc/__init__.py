"""cchc — periodic administrative-reform (cải cách hành chính) reporting."""
