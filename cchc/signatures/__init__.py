"""Digital signatures (ký số): a unit's report or the town's consolidated report signed as a PDF with a
digital certificate, verified (pyHanko), matched to the stored content and kept with its history."""
