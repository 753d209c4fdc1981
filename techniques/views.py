from django.http import HttpResponse


def entry_list(request):
    return HttpResponse("")


def entry_detail(request, slug):
    return HttpResponse("")


def entry_diagram(request, slug):
    return HttpResponse("")
