package io.santkrupa.seed;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Names as a clinic in Maharashtra hears them: surnames skewed like real ones (weights 1/n^0.7 over
 * 100 surnames, most common first: in a 100,000-patient clinic about 9,500 Patils, 5,800 Shahs and
 * still a few thousand of the fifth), first names by gender with a gentler skew.
 */
final class IndianNames {

    static final List<String> SURNAMES = List.of(
            "Patil", "Shah", "Kulkarni", "Deshmukh", "Joshi", "Pawar", "Jadhav", "Shinde", "More", "Gaikwad",
            "Kale", "Mehta", "Desai", "Chavan", "Deshpande", "Kadam", "Iyer", "Nair", "Reddy", "Singh",
            "Sharma", "Patel", "Gupta", "Salunkhe", "Bhosale", "Mane", "Sawant", "Thakur", "Naik", "Gokhale",
            "Kamble", "Mohite", "Shirke", "Wagh", "Dixit", "Apte", "Bapat", "Phadke", "Ranade", "Karandikar",
            "Rao", "Pillai", "Menon", "Verma", "Yadav", "Agarwal", "Jain", "Bhatt", "Trivedi", "Pandya",
            "Chaudhari", "Mahajan", "Borse", "Sonawane", "Ahire", "Nikam", "Bhagat", "Suryawanshi", "Lokhande", "Dhole",
            "Kapoor", "Malhotra", "Khanna", "Chopra", "Bose", "Banerjee", "Mukherjee", "Das", "Ghosh", "Sen",
            "Krishnan", "Subramanian", "Venkatesh", "Hegde", "Shetty", "Kamath", "Pai", "Bhandari", "Rathod", "Chauhan",
            "Tiwari", "Mishra", "Pandey", "Dubey", "Shukla", "Saxena", "Kulkarni-Joshi", "Khan", "Shaikh", "Sayyed",
            "Pathan", "Ansari", "Fernandes", "D'Souza", "Pereira", "Gomes", "Kaur", "Gill", "Sandhu", "Dhillon");

    static final List<String> FEMALE = List.of(
            "Priya", "Asha", "Sunita", "Anjali", "Pooja", "Neha", "Kavita", "Meera", "Snehal", "Swati",
            "Rekha", "Sneha", "Aarti", "Manisha", "Shweta", "Deepa", "Jyoti", "Vaishali", "Rupali", "Prachi",
            "Ananya", "Aditi", "Shraddha", "Madhuri", "Smita", "Archana", "Kalpana", "Lata", "Usha", "Sarita",
            "Nandini", "Gauri", "Isha", "Riya", "Sakshi", "Tanvi", "Komal", "Pallavi", "Rutuja", "Mrunal",
            "Savita", "Shobha", "Vandana", "Shalini", "Radha", "Lakshmi", "Divya", "Fatima", "Ayesha", "Mary");

    static final List<String> MALE = List.of(
            "Rahul", "Amit", "Sachin", "Rohan", "Vikram", "Suresh", "Ramesh", "Mahesh", "Sandeep", "Prakash",
            "Ajay", "Vijay", "Sanjay", "Anil", "Sunil", "Nitin", "Ganesh", "Santosh", "Rajesh", "Manoj",
            "Aditya", "Arjun", "Omkar", "Tushar", "Yogesh", "Pranav", "Siddharth", "Akash", "Vishal", "Swapnil",
            "Abhishek", "Kunal", "Harish", "Dinesh", "Deepak", "Kiran", "Sameer", "Shrikant", "Dattatray", "Vinayak",
            "Mohan", "Krishna", "Venkatesh", "Arvind", "Ravi", "Imran", "Salim", "Joseph", "Gurpreet", "Harpreet");

    private final WeightedChoice<String> surnames = new WeightedChoice<>(SURNAMES, 0.7);
    private final WeightedChoice<String> female = new WeightedChoice<>(FEMALE, 0.5);
    private final WeightedChoice<String> male = new WeightedChoice<>(MALE, 0.5);

    String surname(SplittableRandom random) {
        return surnames.pick(random);
    }

    /** A first name for {@code gender} (female, male, other: either list). */
    String firstName(SplittableRandom random, String gender) {
        return switch (gender) {
            case "female" -> female.pick(random);
            case "male" -> male.pick(random);
            default -> random.nextBoolean() ? female.pick(random) : male.pick(random);
        };
    }

    double surnameShare(int n) {
        return surnames.share(n);
    }
}
