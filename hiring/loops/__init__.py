"""Interview loops: planned per job from its skills and the rubric's rounds."""
