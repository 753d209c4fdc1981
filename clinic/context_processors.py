from clinic.access import membership_for


def membership(request):
    """The signed-in user's membership, for the navigation bar."""
    return {"membership": membership_for(request)}
