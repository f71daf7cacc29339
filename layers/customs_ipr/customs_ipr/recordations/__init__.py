"""recordations"""
