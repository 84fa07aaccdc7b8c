"""The office's rules that are not storage or web: the calculation ladder and the transitional rule."""
