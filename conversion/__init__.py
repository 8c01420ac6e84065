"""Jupyter notebook -> headless training script: the passes behind convert.py.

pipeline.py names every pass in order; docs/conversion.md says what each one does.
"""
