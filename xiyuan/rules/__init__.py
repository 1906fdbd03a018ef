"""Rules: the policy as data and its application to enterprises, people, trucks and events."""
